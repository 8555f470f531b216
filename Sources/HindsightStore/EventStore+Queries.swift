import GRDB
import Hindsight

extension EventStore {
    /// Events matching a filter, oldest first unless the filter says otherwise.
    public func events(_ filter: EventFilter) throws -> [Event] {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter)
            let order = filter.newestFirst ? "DESC" : "ASC"
            var sql = "SELECT \(Event.selectColumns) FROM event\(whereSQL) ORDER BY time \(order), seq \(order)"
            if let limit = filter.limit { sql += " LIMIT \(limit)" }
            return try Row.fetchAll(db, sql: sql, arguments: args).map(Event.init(row:))
        }
    }

    /// How many events match a filter (its limit ignored).
    public func count(_ filter: EventFilter) throws -> Int {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event\(whereSQL)", arguments: args) ?? 0
        }
    }

    /// The event with this id, if stored.
    public func event(id: String) throws -> Event? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Event.selectColumns) FROM event WHERE id = ?", arguments: [id]).map(Event.init(row:))
        }
    }

    /// Total events stored.
    public func totalEvents() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    /// Runs a read, turning database failures into `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mappingErrors { try writer.read(body) }
    }

    /// Runs store work, turning database failures into `StoreError` (a writer that waited out
    /// the busy timeout becomes `.busy`, which callers may retry).
    static func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY { throw StoreError.busy(seconds: nil) }
            throw StoreError.database(error.message ?? "\(error)")
        }
    }

    static func whereClause(_ f: EventFilter) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if !f.services.isEmpty {
            var services = f.services
            if f.includeGlobal && !services.contains(Event.globalService) { services.append(Event.globalService) }
            clauses.append("service IN (\(placeholders(services.count)))")
            args.append(contentsOf: services)
        }
        if !f.kinds.isEmpty {
            clauses.append("kind IN (\(placeholders(f.kinds.count)))")
            args.append(contentsOf: f.kinds.map(\.rawValue))
        }
        if let since = f.since { clauses.append("time >= ?"); args.append(since.milliseconds) }
        if let until = f.until { clauses.append("time < ?"); args.append(until.milliseconds) }
        if let incident = f.incident { clauses.append("incident = ?"); args.append(incident) }
        let sql = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return (sql, StatementArguments(args))
    }
}
