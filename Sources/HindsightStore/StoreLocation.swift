import Foundation

/// What `--db` names: an SQLite file, or a PostgreSQL database.
enum StoreLocation: Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:PATH` (or `sqlite://PATH`) and anything
    /// else, a path.
    init(_ text: String) throws {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(text))
        } else if lower.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if lower.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if lower.contains("://") {
            let scheme = text.prefix { $0 != ":" }
            throw StoreError.invalidLocation(part: "scheme '\(scheme)'", reason: "is not one hindsight knows (postgres, postgresql, sqlite)")
        } else {
            self = .sqlite(path: text)
        }
        if case .sqlite(let path) = self, path.isEmpty {
            throw StoreError.invalidLocation(part: "path", reason: "is empty")
        }
    }
}

/// A PostgreSQL connection URL: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&schema=…]`.
/// User and password may be percent-encoded; without a password in the URL, `$PGPASSWORD` is used.
struct PostgresURL: Equatable, Sendable {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    /// TLS: `disable` (the default), `require` (TLS with the server's certificate verified).
    var requireTLS: Bool
    /// The schema the store's tables live in (its `search_path`), when not the database's default.
    var schema: String?

    init(user: String, password: String?, host: String, port: Int, database: String, requireTLS: Bool = false, schema: String? = nil) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.requireTLS = requireTLS
        self.schema = schema
    }

    init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let c = URLComponents(string: text) else {
            throw StoreError.invalidLocation(part: "URL", reason: "cannot be parsed (a character may need percent-encoding, such as @ or / in a password)")
        }
        guard let user = c.user, !user.isEmpty else {
            throw StoreError.invalidLocation(part: "user", reason: "is missing (postgres://USER@HOST/DATABASE)")
        }
        guard let host = c.host, !host.isEmpty else {
            throw StoreError.invalidLocation(part: "host", reason: "is missing (postgres://USER@HOST/DATABASE)")
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        guard !database.isEmpty else {
            throw StoreError.invalidLocation(part: "database", reason: "is missing: end the URL with /DATABASE")
        }
        guard !database.contains("/") else {
            throw StoreError.invalidLocation(part: "database '\(database)'", reason: "has a '/'; name one database")
        }
        var port = 5432
        if let p = c.port {
            guard (1...65535).contains(p) else { throw StoreError.invalidLocation(part: "port \(p)", reason: "is not between 1 and 65535") }
            port = p
        } else if let authority = text.split(separator: "@").last?.split(separator: "/").first, authority.hasSuffix(":") {
            throw StoreError.invalidLocation(part: "port", reason: "is empty after ':'")
        }
        var requireTLS = false
        var schema: String?
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": requireTLS = false
                case "require", "verify-full": requireTLS = true
                default:
                    throw StoreError.invalidLocation(part: "sslmode '\(item.value ?? "")'", reason: "is not disable, require or verify-full")
                }
            case "schema":
                let name = item.value ?? ""
                guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first),
                    name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }), name.count <= 63
                else {
                    throw StoreError.invalidLocation(part: "schema '\(name)'", reason: "is not a lower-case identifier (a-z, 0-9, _)")
                }
                schema = name
            default:
                throw StoreError.invalidLocation(part: "parameter '\(item.name)'", reason: "is not one hindsight knows (sslmode, schema)")
            }
        }
        self.init(
            user: user, password: c.password ?? environment["PGPASSWORD"], host: host, port: port, database: database,
            requireTLS: requireTLS, schema: schema)
    }

    /// The URL as messages show it: without the password.
    var redacted: String {
        var query: [String] = []
        if requireTLS { query.append("sslmode=require") }
        if let schema { query.append("schema=\(schema)") }
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        return "postgres://\(user)@\(host):\(port)/\(database)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
