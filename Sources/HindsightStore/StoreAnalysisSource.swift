import Hindsight

/// The analysis's facts read from the store inside one read transaction, aggregated in SQL: an
/// incident's signals are grouped on their indexes, never loaded row by row.
final class StoreAnalysisSource: AnalysisSource {
    let s: any SQLSession
    /// Each scope's signals aggregated (`aggregate(_:)`): summaries, hosts and counts read the same pass,
    /// so an incident's million-row halves are read once.
    var aggregates: [String: SignalAggregate] = [:]

    init(_ s: any SQLSession) { self.s = s }

    static let changeKinds = sqlList(EventKind.changes)
    static let signalKinds = sqlList(EventKind.signals)

    func lifecycle(of incident: String) throws -> [Event] {
        try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'incident' ORDER BY time, seq
            """, [incident]
        ).map(Event.init(row:))
    }

    func linkedSignalServices(of incident: String) throws -> [String] {
        // A loose index scan: one seek per distinct service, not one step per signal.
        var services = Set<String>()
        for kind in EventKind.signals {
            var last = ""
            while let next = try s.value(
                String.self,
                """
                SELECT service FROM event WHERE incident = ? AND kind = ? AND service > ? ORDER BY service LIMIT 1
                """, [incident, kind.rawValue, last])
            {
                services.insert(next)
                last = next
            }
        }
        return services.sorted()
    }

    func latestEventTime() throws -> Timestamp? {
        // A seek to the end of each kind's range of the kind index, not a pass over every event; all in one statement.
        let seeks = EventKind.allCases.map { _ in "SELECT MAX(time) AS t FROM event WHERE kind = ?" }.joined(separator: " UNION ALL ")
        return try s.value(Int64.self, "SELECT MAX(t) FROM (\(seeks)) AS latest", SQLArguments(binding: EventKind.allCases.map(\.rawValue)))
            .map(Timestamp.init(milliseconds:))
    }

    /// The scope's signals aggregated over both halves in one pass, once per scope: summaries, host
    /// counts and grouped counts all read it.
    func aggregate(_ scope: IncidentScope) throws -> SignalAggregate {
        if let known = aggregates[Self.key(scope)] { return known }
        let aggregate = try s.signalAggregate(scope.signalParts())
        aggregates[Self.key(scope)] = aggregate
        return aggregate
    }

    /// What tells scopes apart: the incident, its window, its services and whether it takes every signal (the guard).
    static func key(_ scope: IncidentScope) -> String {
        "\(scope.incident)\u{1F}\(scope.windowStart.milliseconds)\u{1F}\(scope.windowEnd.milliseconds)\u{1F}\(scope.services.joined(separator: ","))\u{1F}\(scope.everySignal)"
    }

    /// The halves of `parts` that can hold signals of `kind`: once the scope is aggregated, a half known to
    /// hold none is not read again (the unlinked half of a linked incident walks its linked signals to find nothing).
    func parts(
        _ parts: [(sql: String, arguments: SQLArguments)], of scope: IncidentScope, kind: EventKind
    ) -> [(sql: String, arguments: SQLArguments)] {
        guard let aggregate = aggregates[Self.key(scope)] else { return parts }
        return parts.enumerated().filter { aggregate.has(kind, inHalf: $0.offset) }.map(\.element)
    }

    func signalSummaries(of scope: IncidentScope) throws -> [SignalSummary] {
        let aggregate = try aggregate(scope)
        var byKind: [EventKind: (events: Int, occurrences: Int, first: Int64, last: Int64)] = [:]
        for g in aggregate.groups {
            var agg = byKind[g.kind] ?? (0, 0, g.first, g.last)
            agg.events += g.events
            agg.occurrences += g.occurrences
            agg.first = min(agg.first, g.first)
            agg.last = max(agg.last, g.last)
            byKind[g.kind] = agg
        }
        return byKind.keys.sorted().map { kind in
            let a = byKind[kind]!
            return SignalSummary(
                kind: kind, events: a.events, occurrences: a.occurrences, hosts: aggregate.hosts[kind] ?? 0,
                first: Timestamp(milliseconds: a.first), last: Timestamp(milliseconds: a.last))
        }
    }

    func firstSignal(of scope: IncidentScope, kind: EventKind, firingOnly: Bool) throws -> Event? {
        // The scope's aggregate, once read, knows when its first signal of the kind came: the search becomes a seek.
        let first = firingOnly ? nil : aggregates[Self.key(scope)]?.groups.filter { $0.kind == kind }.map(\.first).min()
        return try edgeSignal(scope, kind: kind, newest: false, firingOnly: firingOnly, at: first.map(Timestamp.init(milliseconds:)))
    }

    /// The first (or last) of an incident's signals of one kind, taken from each half by its index.
    /// `at`, when the time is known (a `SignalSummary`'s first or last), turns each search into a seek.
    func edgeSignal(_ scope: IncidentScope, kind: EventKind, newest: Bool, firingOnly: Bool = false, at: Timestamp? = nil) throws -> Event? {
        let order = newest ? "time DESC, seq DESC" : "time, seq"
        let filter = firingOnly ? " AND COALESCE(status, 'firing') = 'firing'" : ""
        var found: [(event: Event, seq: Int64)] = []
        for part in parts(scope.signalParts(kinds: [kind], at: at), of: scope, kind: kind) {
            if let row = try s.row(
                "SELECT \(Event.selectColumns), seq FROM event WHERE \(part.sql)\(filter) ORDER BY \(order) LIMIT 1",
                part.arguments)
            {
                found.append((Event(row: row), row["seq"]))
            }
        }
        let sorted = found.sorted { ($0.event.time, $0.seq) < ($1.event.time, $1.seq) }
        return newest ? sorted.last?.event : sorted.first?.event
    }

    func signalTimeline(of scope: IncidentScope, kind: EventKind, from: Timestamp, to: Timestamp, bucket: TimeSpan) throws -> [Int] {
        let n = max(Int(((to - from).milliseconds + bucket.milliseconds - 1) / bucket.milliseconds), 0)
        let end = from + TimeSpan(milliseconds: Int64(n) * bucket.milliseconds)
        if let counts = try s.bucketCounts(
            parts(scope.signalParts(kinds: [kind], from: from, to: end), of: scope, kind: kind), from: from.milliseconds,
            bucket: bucket.milliseconds, buckets: n)
        {
            return counts
        }
        // One counting range per bucket and half: each reads its index in order, so no million-row sort.
        return try (0..<n).map { i in
            let start = from + TimeSpan(milliseconds: Int64(i) * bucket.milliseconds)
            return try parts(scope.signalParts(kinds: [kind], from: start, to: start + bucket), of: scope, kind: kind).reduce(0) { sum, part in
                sum + (try s.value(Int.self, "SELECT COUNT(*) FROM event WHERE \(part.sql)", part.arguments) ?? 0)
            }
        }
    }

    func signalOccurrences(on services: [String], between boundaries: [Timestamp]) throws -> [Int] {
        guard !services.isEmpty else { return Array(repeating: 0, count: max(boundaries.count - 1, 0)) }
        let signals = "kind IN (\(Self.signalKinds)) AND service IN (\(placeholders(services.count)))"
        return try s.spanSums(signals, SQLArguments(binding: services), boundaries: boundaries.map(\.milliseconds))
            ?? signalOccurrencesSpanBySpan(on: services, between: boundaries)
    }

    func signalCounts(_ q: SignalQuery) throws -> [SignalCount] {
        var counts: [String: SignalCount] = [:]
        func add(kind: EventKind, service: String, version: String?, region: String?, host: String? = nil, events: Int, occurrences: Int) {
            let v = q.byVersion ? version : nil
            let r = q.byRegion ? region : nil
            let h = q.byHost ? host : nil
            let key = [kind.rawValue, service, v ?? "\u{0}", r ?? "\u{0}", h ?? "\u{0}"].joined(separator: "\u{1F}")
            var c = counts[key] ?? SignalCount(kind: kind, service: service, version: v, region: r, host: h, events: 0, occurrences: 0)
            c.events += events
            c.occurrences += occurrences
            counts[key] = c
        }
        // The incident's own aggregate has no hosts: grouping by host reads the events.
        if let scope = q.scope, q.from == nil, q.to == nil, !q.byHost {
            for g in try aggregate(scope).groups {
                add(kind: g.kind, service: g.service, version: g.version, region: g.region, events: g.events, occurrences: g.occurrences)
            }
        } else {
            var dims = ["kind", "service"]
            if q.byVersion { dims.append("version") }
            if q.byRegion { dims.append("region") }
            if q.byHost { dims.append("host") }
            var parts: [(sql: String, arguments: SQLArguments)]
            if let scope = q.scope {
                parts = scope.signalParts(from: q.from, to: q.to)
            } else {
                guard !q.services.isEmpty else { return [] }
                var part: (sql: String, arguments: SQLArguments) = (
                    "kind IN (\(Self.signalKinds)) AND service IN (\(placeholders(q.services.count)))", SQLArguments(binding: q.services)
                )
                if let from = q.from {
                    part.sql += " AND time >= ?"
                    part.arguments += [from.milliseconds]
                }
                if let to = q.to {
                    part.sql += " AND time < ?"
                    part.arguments += [to.milliseconds]
                }
                parts = [part]
            }
            for part in parts {
                for row in try s.rows(
                    """
                    SELECT \(dims.joined(separator: ", ")), COUNT(*), CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM event WHERE \(part.sql)
                    GROUP BY \(dims.joined(separator: ", "))
                    """, part.arguments)
                {
                    guard let kind = EventKind(rawValue: row[0]) else { continue }
                    func column(_ name: String) -> String? { dims.firstIndex(of: name).flatMap { row[$0] } }
                    add(
                        kind: kind, service: row[1], version: column("version"), region: column("region"), host: column("host"),
                        events: row[dims.count], occurrences: row[dims.count + 1])
                }
            }
        }
        return counts.keys.sorted().map { counts[$0]! }
    }

    func changes(on services: [String], from: Timestamp, through: Timestamp) throws -> [Event] {
        guard !services.isEmpty else { return [] }
        return try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE kind IN (\(Self.changeKinds))
            AND service IN (\(placeholders(services.count))) AND time >= ? AND time <= ? ORDER BY time, seq
            """, SQLArguments(binding: services) + [from.milliseconds, through.milliseconds]
        ).map(Event.init(row:))
    }

    func rolloutSteps(of change: Event, limit: Int) throws -> [Event] {
        guard let v = change.version else { return [change] }
        return try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE version = ? AND kind IN (\(Self.changeKinds)) AND service = ? AND kind = ?
            ORDER BY time, seq LIMIT ?
            """, [v, change.service, change.kind.rawValue, limit]
        ).map(Event.init(row:))
    }

    /// The most changes one batched lookup names.
    static var changesPerRead: Int { 1_000 }

    func rolloutSteps(of changes: [Event], limit: Int) throws -> [[Event]] {
        guard s.roundTrips else { return try changes.map { try rolloutSteps(of: $0, limit: limit) } }
        var found = changes.map { [$0] }
        let versioned = changes.indices.filter { changes[$0].version != nil }
        for chunk in versioned.chunked(Self.changesPerRead) {
            let keys = chunk.map { "(\($0), ?, ?, ?)" }.joined(separator: ", ")
            let arguments = SQLArguments(binding: chunk.flatMap { [changes[$0].version!, changes[$0].service, changes[$0].kind.rawValue] })
            var steps: [Int: [Event]] = [:]
            for row in try s.rows(
                """
                SELECT k.i, e.* FROM (VALUES \(keys)) AS k(i, version, service, kind) CROSS JOIN LATERAL (
                SELECT \(Event.selectColumns), seq FROM event WHERE version = k.version AND kind IN (\(Self.changeKinds))
                AND service = k.service AND kind = k.kind ORDER BY time, seq LIMIT ?) AS e ORDER BY k.i, e.time, e.seq
                """, arguments + [limit])
            {
                steps[row["i"], default: []].append(Event(row: row))
            }
            for i in chunk { found[i] = steps[i] ?? [] }
        }
        return found
    }

    func deploys(on services: [String], shipping versions: [String], from: Timestamp, before: Timestamp) throws -> [Event] {
        guard !services.isEmpty, !versions.isEmpty else { return [] }
        return try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE kind = 'deploy'
            AND service IN (\(placeholders(services.count))) AND time >= ? AND time < ?
            AND version IN (\(placeholders(versions.count))) ORDER BY time, seq
            """, SQLArguments(binding: services) + [from.milliseconds, before.milliseconds] + SQLArguments(binding: versions)
        )
        .map(Event.init(row:))
    }

    func rollbacks(reverting ids: [String]) throws -> [Event] {
        guard !ids.isEmpty else { return [] }
        // Only the reverts index is named: with `kind` in the query too, a planner may walk every
        // rollback in time order and read each row to test its reverts.
        return try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE reverts IN (\(placeholders(ids.count))) ORDER BY time, seq
            """, SQLArguments(binding: ids)
        ).map(Event.init(row:)).filter { $0.kind == .rollback }
    }

    func changeSeries(on services: [String], from: Timestamp, through: Timestamp) throws -> [ChangeSeries] {
        guard !services.isEmpty else { return [] }
        return try s.rows(
            """
            SELECT service, kind, source, actor, COUNT(*), MIN(time), MAX(time) FROM event WHERE kind IN (\(Self.changeKinds))
            AND service IN (\(placeholders(services.count))) AND time >= ? AND time <= ?
            GROUP BY service, kind, source, actor ORDER BY service, kind, source, actor
            """, SQLArguments(binding: services) + [from.milliseconds, through.milliseconds]
        ).compactMap { row in
            guard let kind = EventKind(rawValue: row[1]) else { return nil }
            return ChangeSeries(
                service: row[0], kind: kind, source: row[2], actor: row[3], count: row[4],
                first: Timestamp(milliseconds: row[5]), last: Timestamp(milliseconds: row[6]))
        }
    }

    func catalogEdges() throws -> [CatalogEdge] {
        try s.rows("SELECT DISTINCT service, depends_on FROM catalog_dependency ORDER BY service, depends_on")
            .map { CatalogEdge(service: $0[0], dependsOn: $0[1]) }
    }
}
