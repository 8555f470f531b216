import Hindsight

extension EventStore {
    /// Events matching a filter, oldest first unless the filter says otherwise.
    package func events(_ filter: EventFilter) throws -> [Event] {
        try read { s in
            let (whereSQL, args) = Self.whereClause(filter)
            let order = filter.newestFirst ? "DESC" : "ASC"
            var sql = "SELECT \(Event.selectColumns) FROM event\(whereSQL) ORDER BY time \(order), seq \(order)"
            if let limit = filter.limit { sql += " LIMIT \(limit)" }
            return try s.events(sql, args)
        }
    }

    /// How many events match a filter (its limit ignored).
    package func count(_ filter: EventFilter) throws -> Int {
        try read { s in
            let (whereSQL, args) = Self.whereClause(filter)
            return try s.value(Int.self, "SELECT COUNT(*) FROM event\(whereSQL)", args) ?? 0
        }
    }

    /// The event with this id, if stored.
    package func event(id: String) throws -> Event? {
        try read { s in try s.events("SELECT \(Event.selectColumns) FROM event WHERE id = ?", [id]).first }
    }

    /// Total events stored.
    package func totalEvents() throws -> Int {
        try read { s in try s.value(Int.self, "SELECT COUNT(*) FROM event") ?? 0 }
    }

    /// Every stored event in the order it was stored, `batch` at a time (each batch its own read), for
    /// `hindsight export`: memory stays bounded whatever the store's size. Stops when `body` returns false.
    package func forEachEvent(batch: Int = 10_000, _ body: ([Event]) throws -> Bool) throws {
        var after: Int64 = 0
        while true {
            let rows = try read { s in
                try s.rows("SELECT \(Event.selectColumns), seq FROM event WHERE seq > ? ORDER BY seq LIMIT ?", [after, batch])
            }
            guard let last = rows.last else { return }
            after = last["seq"]
            guard try body(rows.map(Event.init(row:))) else { return }
        }
    }

    static func whereClause(_ f: EventFilter) -> (String, SQLArguments) {
        var clauses: [String] = []
        var args: SQLArguments = []
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
        if let since = f.since {
            clauses.append("time >= ?")
            args.append(since.milliseconds)
        }
        if let until = f.until {
            clauses.append("time < ?")
            args.append(until.milliseconds)
        }
        if let incident = f.incident {
            clauses.append("incident = ?")
            args.append(incident)
        }
        let sql = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return (sql, args)
    }
}
