/// One value bound to, or read from, SQL on either backend: SQLite's storage classes, which
/// PostgreSQL's column types (bigint, double precision, text, bytea, boolean) map onto.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value a query binds.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a query reads: nil when the column holds something else (`SQLRow` then stops with the column's name).
protocol SQLDecodable {
    init?(sqlValue: SQLValue)
}

extension String: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .text(self) }
    init?(sqlValue: SQLValue) {
        guard case .text(let s) = sqlValue else { return nil }
        self = s
    }
}

extension Int64: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(self) }
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let i): self = i
        case .real(let d) where d == d.rounded() && abs(d) < 9.2e18: self = Int64(d)
        default: return nil
        }
    }
}

extension Int: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    init?(sqlValue: SQLValue) {
        guard let i = Int64(sqlValue: sqlValue) else { return nil }
        self = Int(i)
    }
}

extension Double: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .real(self) }
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let d): self = d
        case .integer(let i): self = Double(i)
        default: return nil
        }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    init?(sqlValue: SQLValue) {
        guard let i = Int64(sqlValue: sqlValue) else { return nil }
        self = i != 0
    }
}

extension Array: SQLBindable, SQLDecodable where Element == UInt8 {
    var sqlValue: SQLValue { .blob(self) }
    init?(sqlValue: SQLValue) {
        guard case .blob(let b) = sqlValue else { return nil }
        self = b
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
        } else {
            guard let w = Wrapped(sqlValue: sqlValue) else { return nil }
            self = .some(w)
        }
    }
}

extension SQLValue: SQLBindable {
    var sqlValue: SQLValue { self }
}

/// The arguments of one query, in placeholder order.
typealias SQLArguments = [any SQLBindable]

extension Array where Element == any SQLBindable {
    /// The values of `values` as arguments.
    init<S: Sequence>(binding values: S) where S.Element: SQLBindable {
        self = values.map { $0 }
    }
}
