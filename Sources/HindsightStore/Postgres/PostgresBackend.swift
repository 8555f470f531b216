import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresNIO
import Synchronization

/// The PostgreSQL backend: a team's shared database, written by several servers at once. Reads run
/// in a repeatable-read snapshot (as SQLite's WAL readers do), writes in ordinary transactions whose
/// row locks, not a file lock, keep concurrent writers apart. Connections are pooled.
final class PostgresBackend: StoreBackend {
    let url: PostgresURL
    let configuration: PostgresConnection.Configuration
    let logger = Logger(label: "hindsight.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let opened = Atomic<Int>(0)
    /// At most this many connections at once: the server's readers and its writer, or one command.
    private let slots = DispatchSemaphore(value: PostgresBackend.maxConnections)
    static let maxConnections = 16

    var displayName: String { url.redacted }

    private init(url: PostgresURL) throws {
        self.url = url
        var tls = PostgresConnection.Configuration.TLS.disable
        if url.requireTLS {
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw StoreError.unreachable(server: "\(url.host):\(url.port)", reason: "TLS could not be set up (\(error))")
            }
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
    }

    /// Connects once now, so a wrong URL or a server that is down fails here, saying which.
    static func connect(_ url: PostgresURL) throws -> PostgresBackend {
        let backend = try PostgresBackend(url: url)
        try backend.withConnection { _ in }
        return backend
    }

    deinit {
        // The store is dropped on a caller's thread, never on an event loop: waiting here is safe.
        for c in idle.withLockedValue({ $0 }) { try? c.close().wait() }
    }

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in (try body(s), true) }
    }

    /// The database server's work and the analysis's overlap: at least two at once, even on one core.
    var concurrentReads: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 2), 4) }

    func readStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try withConnection { s in try body(s) }
    }

    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction("BEGIN") { s in (try body(s), true) }
    }

    func ingest<T>(bulk: Bool, phase: ((IngestProgress.Phase) -> Void)?, _ body: (any SQLSession) throws -> (T, commit: Bool)) throws -> T {
        try transaction("BEGIN") { s in
            let result = try body(s)
            if result.commit { phase?(.committing) }
            return result
        }
    }

    /// Runs `body` between `begin` and COMMIT (or ROLLBACK, when it throws or says not to commit).
    func transaction<T>(_ begin: String, _ body: (PostgresSession) throws -> (T, commit: Bool)) throws -> T {
        try withConnection { s in
            try s.execute(begin)
            do {
                let (value, commit) = try body(s)
                try s.execute(commit ? "COMMIT" : "ROLLBACK")
                return value
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
    }

    func appliedMigrations() throws -> [String] {
        try read { s in try Self.applied(s) }
    }

    static func applied(_ s: any SQLSession) throws -> [String] {
        guard try s.value(String.self, "SELECT to_regclass('hindsight_migrations')::text") != nil else { return [] }
        return try s.values(String.self, "SELECT identifier FROM hindsight_migrations ORDER BY identifier")
    }

    func migrate(upTo last: String?) throws -> [String] {
        try withConnection { s in
            if let schema = url.schema { try s.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"") }
            try s.execute("BEGIN")
            do {
                // One migrating server at a time; the others wait, then find nothing left to do.
                _ = try s.rows("SELECT pg_advisory_xact_lock(hashtext('hindsight_migrations:' || current_schema()))")
                try s.execute(PostgresSchema.migrationsTable)
                let done = Set(try Self.applied(s))
                var ran: [String] = []
                for m in Schema.migrations {
                    if !done.contains(m.name) {
                        try s.execute(m.postgres)
                        try s.execute("INSERT INTO hindsight_migrations (identifier) VALUES (?)", [m.name])
                        ran.append(m.name)
                    }
                    if m.name == last { break }
                }
                try s.execute("COMMIT")
                return ran
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw StoreError.migrationFailed(reason: "\(error)")
            }
        }
    }

    var migrationNames: [String] { Schema.migrations.map(\.name) }

    /// A network failure in a few words: "Connection refused", "no address for host db.example".
    static func networkReason(_ error: any Error) -> String {
        if let e = error as? NIOConnectionError {
            if let failure = e.connectionErrors.first { return networkReason(failure.error) }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return "no address found for host \(e.host)" }
        }
        if let e = error as? IOError { return String(cString: strerror(e.errnoCode)) }
        if let e = error as? PSQLError, let underlying = e.underlying { return networkReason(underlying) }
        return "\(error)"
    }

    /// Runs `body` on a pooled connection; a connection the server or network closed is dropped, not reused.
    func withConnection<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try idle.withLockedValue { $0.popLast() } ?? open()
        do {
            let value = try body(PostgresSession(connection, logger: logger))
            idle.withLockedValue { $0.append(connection) }
            return value
        } catch {
            if connection.isClosed { opened.subtract(1, ordering: .relaxed) } else { idle.withLockedValue { $0.append(connection) } }
            throw mapped(error)
        }
    }

    private func open() throws -> PostgresConnection {
        let id = opened.add(1, ordering: .relaxed).newValue
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
            ).wait()
            if let schema = url.schema {
                _ = try connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \"\(schema)\""), logger: logger).wait()
            }
            return connection
        } catch {
            opened.subtract(1, ordering: .relaxed)
            throw mapped(error, connecting: true)
        }
    }

    /// PostgreSQL's and the network's errors as `StoreError`s that say what to do.
    func mapped(_ error: any Error) -> any Error { mapped(error, connecting: false) }

    func mapped(_ error: any Error, connecting: Bool) -> any Error {
        if error is StoreError { return error }
        let server = "\(url.host):\(url.port)"
        guard let e = error as? PSQLError else {
            return connecting
                ? StoreError.unreachable(server: server, reason: Self.networkReason(error) + "; check that the server runs and listens on that host and port")
                : StoreError.database("\(error)")
        }
        if e.code == .server, let info = e.serverInfo {
            let message = info[.message] ?? "unknown error"
            let detail = info[.detail].map { " (\($0))" } ?? ""
            switch info[.sqlState] ?? "" {
            case "28P01", "28000":
                return StoreError.unreachable(server: server, reason: "\(message); check the user and password in the URL (or $PGPASSWORD)")
            case "3D000":
                return StoreError.unreachable(server: server, reason: "\(message); create it first (docs/postgres.md), or fix the URL's database")
            case "53300":
                return StoreError.busy(seconds: nil)
            case "40P01", "40001":
                return StoreError.writeConflict(message)
            default:
                return StoreError.database(message + detail)
            }
        }
        if connecting || e.code == .connectionError || e.code == .serverClosedConnection {
            return StoreError.unreachable(
                server: server,
                reason: Self.networkReason(e.underlying ?? e)
                    + "; check that the server runs and listens on that host and port")
        }
        return StoreError.database("\(e.code)" + (e.underlying.map { ": \($0)" } ?? ""))
    }
}
