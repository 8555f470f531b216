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
    /// An incident's signals aggregated over the halves `parts` (`IncidentScope.signalParts`), in one pass
    /// where the backend can (`groupedSignalAggregate` otherwise).
    func signalAggregate(_ parts: [(sql: String, arguments: SQLArguments)]) throws -> SignalAggregate
    /// How many rows `parts` select in each of `buckets` consecutive spans of `bucket` milliseconds from `from`,
    /// grouped in one statement per part; nil where one count per span costs less (SQLite sorts every row
    /// to group them by an expression, where a count per span only walks an index range).
    func bucketCounts(_ parts: [(sql: String, arguments: SQLArguments)], from: Int64, bucket: Int64, buckets: Int) throws -> [Int]?
    /// `SUM(count)` of the rows `sql` selects in each span `[a, b)` of `time` between consecutive `boundaries`, in one
    /// statement; nil where a statement per span costs no more (SQLite, in process).
    func spanSums(_ sql: String, _ arguments: SQLArguments, boundaries: [Int64]) throws -> [Int]?
    /// Whether each statement is a round trip to a server (PostgreSQL), so that a lookup for many items costs less
    /// as one statement (which may use `LATERAL`) than as one each; SQLite runs in process.
    var roundTrips: Bool { get }
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

    /// `signalAggregate` in SQL every backend speaks: each half grouped on its own, and each kind's distinct
    /// hosts counted over both halves at once (a host both halves name counts once).
    func groupedSignalAggregate(_ parts: [(sql: String, arguments: SQLArguments)]) throws -> SignalAggregate {
        var aggregate = SignalAggregate()
        for (half, part) in parts.enumerated() {
            for row in try rows(
                """
                SELECT kind, service, version, region, COUNT(*), CAST(SUM(count) AS BIGINT), MIN(time), MAX(time) FROM event WHERE \(part.sql)
                GROUP BY kind, service, version, region
                """, part.arguments)
            {
                guard let kind = EventKind(rawValue: row[0]) else { continue }
                aggregate.groups.append(
                    SignalAggregate.Group(
                        half: half, kind: kind, service: row[1], version: row[2], region: row[3], events: row[4], occurrences: row[5],
                        first: row[6], last: row[7]))
            }
        }
        let both = parts.map { "SELECT kind, host FROM event WHERE \($0.sql)" }.joined(separator: " UNION ALL ")
        for row in try rows("SELECT kind, COUNT(DISTINCT host) FROM (\(both)) AS signals GROUP BY kind", parts.flatMap(\.arguments)) {
            if let kind = EventKind(rawValue: row[0]) { aggregate.hosts[kind] = row[1] }
        }
        return aggregate
    }
}
