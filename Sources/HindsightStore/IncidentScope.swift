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

    /// The two halves of "its signals" as WHERE clauses over `event`: the linked signals, and the
    /// unlinked ones on its services in its window (absent when it has no services). Each half can
    /// use its own index; a query that needs both runs on each and merges the results.
    /// `at` narrows both halves to signals at that instant (an index seek on either side).
    public func signalParts(kinds: [EventKind] = EventKind.signals, at: Timestamp? = nil) -> [(sql: String, arguments: StatementArguments)] {
        let kindList = sqlList(kinds)
        var linked: (String, StatementArguments) = ("incident = ? AND kind IN (\(kindList))", [incident])
        if let at {
            linked.0 += " AND time = ?"
            linked.1 += [at.milliseconds]
        }
        var parts = [linked]
        guard !services.isEmpty else { return parts }
        let serviceList = placeholders(services.count)
        if let at {
            if at >= windowStart && at <= windowEnd {
                parts.append(("kind IN (\(kindList)) AND service IN (\(serviceList)) AND time = ? AND incident IS NULL",
                              StatementArguments(services) + [at.milliseconds]))
            }
        } else {
            parts.append((
                "kind IN (\(kindList)) AND service IN (\(serviceList)) AND time >= ? AND time <= ? AND incident IS NULL",
                StatementArguments(services) + [windowStart.milliseconds, windowEnd.milliseconds]))
        }
        return parts
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
            // A loose index scan: one seek per distinct service, not one step per signal.
            var signalServices: [String] = []
            for kind in EventKind.signals {
                var last = ""
                while let next = try String.fetchOne(db, sql: """
                    SELECT service FROM event WHERE incident = ? AND kind = ? AND service > ? ORDER BY service LIMIT 1
                    """, arguments: [id, kind.rawValue, last]) {
                    signalServices.append(next)
                    last = next
                }
            }
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
            // Each half on its own index: a seek per kind, not a pass over every signal.
            try EventKind.signals.flatMap { scope.signalParts(kinds: [$0]) }.compactMap { part in
                try Int64.fetchOne(db, sql: "SELECT MIN(time) FROM event WHERE \(part.sql)", arguments: part.arguments)
            }.min().map(Timestamp.init(milliseconds:))
        }
    }
}
