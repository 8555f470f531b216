import Hindsight

/// The facts the correlator's host contrast, re-application and second-incident checks read, aggregated in SQL.
extension StoreAnalysisSource {
    func previousVersion(of change: Event, after: Timestamp, before: Timestamp) throws -> Event? {
        guard let version = change.version else { return nil }
        return try s.row(
            """
            SELECT \(Event.selectColumns) FROM event WHERE service = ? AND kind = ? AND time > ? AND time < ?
            AND version IS NOT NULL AND version <> ? ORDER BY time DESC, seq DESC LIMIT 1
            """, [change.service, change.kind.rawValue, after.milliseconds, before.milliseconds, version]
        ).map(Event.init(row:))
    }

    func hostReach(of change: Event, reached: Int, through: Timestamp, scope: IncidentScope, failingFrom: Timestamp, fleetSince: Timestamp) throws
        -> HostReach
    {
        let rollout = "SELECT host FROM event WHERE \(Self.reach(of: change))"
        let rolloutArguments = Self.reachArguments(change, through: through)
        let parts = scope.signalParts(from: failingFrom)
        let failing = parts.map { "SELECT host FROM event WHERE \($0.sql) AND service = ? AND host IS NOT NULL" }.joined(separator: " UNION ")
        let failingArguments = parts.flatMap { $0.arguments + [change.service] }
        let failingCount = try s.value(Int.self, "SELECT COUNT(*) FROM (\(failing)) AS f", failingArguments) ?? 0
        let inside = try s.value(Int.self, "SELECT COUNT(*) FROM (\(failing)) AS f WHERE f.host IN (\(rollout))", failingArguments + rolloutArguments) ?? 0
        let fleet =
            try s.value(
                Int.self,
                """
                SELECT COUNT(*) FROM (
                SELECT host FROM event WHERE service = ? AND kind IN (\(Self.changeKinds)) AND host IS NOT NULL AND time >= ? AND time <= ?
                UNION SELECT host FROM event WHERE service = ? AND kind IN (\(Self.signalKinds)) AND host IS NOT NULL AND time >= ? AND time <= ?
                UNION \(failing) UNION \(rollout)) AS h
                """,
                [change.service, fleetSince.milliseconds, through.milliseconds, change.service, fleetSince.milliseconds, scope.windowEnd.milliseconds]
                    + failingArguments + rolloutArguments) ?? 0
        return HostReach(reached: reached, fleet: fleet, failing: failingCount, failingInside: inside)
    }

    /// The events of a rollout that name a host by a time: the same service, kind and version (`version` = the key), or
    /// the change alone without a version (`id` = the key). The values are placeholders or a lookup's columns.
    static func reach(of change: Event, service: String = "?", kind: String = "?", key: String = "?") -> String {
        "service = \(service) AND kind = \(kind) AND \(change.version == nil ? "id" : "version") = \(key) AND host IS NOT NULL AND time <= ?"
    }

    static func reachArguments(_ change: Event, through: Timestamp) -> SQLArguments {
        [change.service, change.kind.rawValue, change.version ?? change.id, through.milliseconds]
    }

    func hostsReached(by changes: [Event], through: Timestamp) throws -> [Int] {
        guard s.roundTrips else {
            return try changes.map { c in
                try s.value(Int.self, "SELECT COUNT(DISTINCT host) FROM event WHERE \(Self.reach(of: c))", Self.reachArguments(c, through: through)) ?? 0
            }
        }
        var found = Array(repeating: 0, count: changes.count)
        // Rollouts (by version) and single changes (by id) read different indexes: a statement for each.
        for keyed in [changes.indices.filter { changes[$0].version != nil }, changes.indices.filter { changes[$0].version == nil }] {
            for chunk in keyed.chunked(Self.changesPerRead) {
                let reach = Self.reach(of: changes[chunk.first!], service: "k.service", kind: "k.kind", key: "k.key")
                let keys = chunk.map { "(\($0), ?, ?, ?)" }.joined(separator: ", ")
                let arguments = SQLArguments(
                    binding: chunk.flatMap { [changes[$0].service, changes[$0].kind.rawValue, changes[$0].version ?? changes[$0].id] })
                for row in try s.rows(
                    """
                    SELECT k.i, (SELECT COUNT(DISTINCT host) FROM event WHERE \(reach)) AS n FROM (VALUES \(keys)) AS k(i, service, kind, key)
                    """, [through.milliseconds] + arguments)
                {
                    found[row["i"]] = row["n"]
                }
            }
        }
        return found
    }

    func versionHosts(service: String, version: String, from: Timestamp, to: Timestamp, historyFrom: Timestamp, historyTo: Timestamp) throws
        -> (hosts: Int, historyOccurrences: Int)
    {
        let reached =
            "SELECT DISTINCT host FROM event WHERE kind IN (\(Self.signalKinds)) AND service = ? AND time >= ? AND time < ? AND version = ? AND host IS NOT NULL"
        let reachedArguments: SQLArguments = [service, from.milliseconds, to.milliseconds, version]
        let hosts = try s.value(Int.self, "SELECT COUNT(*) FROM (\(reached)) AS h", reachedArguments) ?? 0
        guard hosts > 0 else { return (0, 0) }
        let history =
            try s.value(
                Int.self,
                """
                SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM event WHERE kind IN (\(Self.signalKinds)) AND service = ? AND time >= ? AND time < ?
                AND host IN (\(reached))
                """, [service, historyFrom.milliseconds, historyTo.milliseconds] + reachedArguments) ?? 0
        return (hosts, history)
    }

    func versionShare(of version: String, on services: [String], from: Timestamp, to: Timestamp) throws -> VersionShare {
        guard !services.isEmpty,
            let row = try s.row(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN version = ? THEN count ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(count), 0) AS BIGINT)
                FROM event WHERE kind IN (\(Self.signalKinds)) AND service IN (\(placeholders(services.count))) AND time >= ? AND time < ?
                AND version IS NOT NULL
                """, [version] + SQLArguments(binding: services) + [from.milliseconds, to.milliseconds])
        else { return VersionShare(carrying: 0, versioned: 0) }
        return VersionShare(carrying: row[0], versioned: row[1])
    }

    func signalSpread(on services: [String], boundaries: [Timestamp]) throws -> [Double] {
        guard !services.isEmpty, boundaries.count > 1 else { return [] }
        // The partial index on ranged signals answers this: point signals are never read.
        let ranged = "kind IN (\(Self.signalKinds)) AND service IN (\(placeholders(services.count))) AND end_time IS NOT NULL AND end_time > time"
        guard try s.value(Int.self, "SELECT 1 FROM event WHERE \(ranged) LIMIT 1", SQLArguments(binding: services)) != nil else {
            return Array(repeating: 0, count: boundaries.count - 1)
        }
        return try zip(boundaries, boundaries.dropFirst()).map { a, b in
            let (from, to) = (a.milliseconds, b.milliseconds)
            return try s.value(
                Double.self,
                """
                SELECT CAST(COALESCE(SUM(count * ((CASE WHEN end_time < ? THEN end_time ELSE ? END) - (CASE WHEN time > ? THEN time ELSE ? END))
                / CAST(end_time - time AS DOUBLE PRECISION) - (CASE WHEN time >= ? THEN count ELSE 0 END)), 0) AS DOUBLE PRECISION)
                FROM event WHERE \(ranged) AND time < ? AND end_time > ?
                """, [to, to, from, from, from] + SQLArguments(binding: services) + [to, from]) ?? 0
        }
    }

    func lastSignalEnd(of scope: IncidentScope) throws -> Timestamp? {
        try scope.signalParts().compactMap { part in
            try s.value(Int64.self, "SELECT MAX(end_time) FROM event WHERE \(part.sql) AND end_time IS NOT NULL", part.arguments)
        }.max().map(Timestamp.init(milliseconds:))
    }

    func otherIncidents(on services: [String], from: Timestamp, through: Timestamp, excluding: String) throws -> [Event] {
        guard !services.isEmpty else { return [] }
        return try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE kind = 'incident' AND time >= ? AND time <= ?
            AND service IN (\(placeholders(services.count))) AND incident IS NOT NULL AND incident <> ? ORDER BY time, seq
            """, [from.milliseconds, through.milliseconds] + SQLArguments(binding: services) + [excluding]
        ).map(Event.init(row:))
    }
}
