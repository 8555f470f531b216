import Hindsight

/// One connection inside a read or a write transaction of either backend. The store's queries are
/// written once, in the SQL both SQLite and PostgreSQL accept, with `?` placeholders; a backend
/// translates what it must (PostgreSQL's `$n`) and nothing else.
protocol SQLSession: AnyObject {
    /// The rows `sql` returns.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
    /// Runs a statement; returns the rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// The writer of events inside this (write) transaction.
    func eventSink() throws -> any EventSink
}

extension SQLSession {
    func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    /// The first row, if any.
    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row; nil when there is no row or it holds NULL.
    func value<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> T? {
        guard let row = try row(sql, arguments) else { return nil }
        let v: T? = row[0]
        return v
    }

    /// The first column of every row.
    func values<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> [T] {
        try rows(sql, arguments).map { $0[0] }
    }

    /// The events `sql` selects (it selects `Event.selectColumns`).
    func events(_ sql: String, _ arguments: SQLArguments = []) throws -> [Event] {
        try rows(sql, arguments).map(Event.init(row:))
    }

    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql, []) }
}
