import GRDB
import Hindsight

/// Which events are an incident's signals (EVENTS.md, "its signals"): those linked to it by
/// `incident`, plus unlinked signals on its services between (declared − lookback) and resolved.
public struct IncidentScope: Sendable, Equatable {
    public var incident: String
    /// Its `incident` lifecycle events, oldest first.
    public var lifecycle: [Event]
    /// Services named on its lifecycle events and linked signals, sorted.
    public var services: [String]
    /// Where unlinked signals are looked for: `[declared − lookback, resolved]`.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp

    /// A SQL query over the incident's signals, selecting `columns` from each; bind `arguments`.
    public func signalsSQL(columns: String, kinds: [EventKind] = EventKind.signals) -> (sql: String, arguments: StatementArguments) {
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
        var sql = "SELECT \(columns) FROM event WHERE incident = ? AND kind IN (\(kindList))"
        var args: [any DatabaseValueConvertible] = [incident]
        if !services.isEmpty {
            sql += """
                 UNION ALL SELECT \(columns) FROM event WHERE kind IN (\(kindList))
                AND service IN (\(Array(repeating: "?", count: services.count).joined(separator: ",")))
                AND time >= ? AND time <= ? AND incident IS NULL
                """
            args.append(contentsOf: services)
            args.append(windowStart.milliseconds)
            args.append(windowEnd.milliseconds)
        }
        return (sql, StatementArguments(args))
    }
}

extension EventStore {
    /// The incident's lifecycle, services and signal window; throws `notFound` for an unknown id.
    public func incidentScope(_ id: String, lookback: TimeSpan = .hours(1)) throws -> IncidentScope {
        try read { db in
            let lifecycle = try Row.fetchAll(db, sql: """
                SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'incident' ORDER BY time, seq
                """, arguments: [id]).map(Event.init(row:))
            guard let first = lifecycle.first else { throw StoreError.notFound(id) }
            let signalServices = try String.fetchAll(db, sql: """
                SELECT DISTINCT service FROM event WHERE incident = ? AND kind IN ('alert','crash','report')
                """, arguments: [id])
            let services = Set(lifecycle.map(\.service) + signalServices).sorted()
            let declared = lifecycle.first { $0.status == "declared" }?.time ?? first.time
            let resolved: Timestamp
            if let r = lifecycle.first(where: { $0.status == "resolved" })?.time {
                resolved = r
            } else {
                resolved = Timestamp(milliseconds: try Int64.fetchOne(db, sql: "SELECT MAX(time) FROM event") ?? first.time.milliseconds)
            }
            return IncidentScope(
                incident: id, lifecycle: lifecycle, services: services,
                windowStart: declared - lookback, windowEnd: max(resolved, declared))
        }
    }

    /// Impact start: the earliest of the incident's signals, or `nil` when it has none.
    public func impactStart(of scope: IncidentScope) throws -> Timestamp? {
        try read { db in
            let q = scope.signalsSQL(columns: "time")
            return try Int64.fetchOne(db, sql: "SELECT MIN(time) FROM (\(q.sql))", arguments: q.arguments).map(Timestamp.init(milliseconds:))
        }
    }
}
