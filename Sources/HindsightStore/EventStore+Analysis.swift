import GRDB
import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident, aggregating signals in SQL so that
    /// an incident with millions of crash events is never loaded row by row.
    public func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        let scope = try incidentScope(id, lookback: options.lookback)
        let parts = scope.signalParts()
        func grouped(_ part: (sql: String, arguments: StatementArguments)) -> (sql: String, arguments: StatementArguments) {
            ("SELECT kind, service, version, region, COUNT(*), SUM(count), MIN(time), MAX(time) FROM event WHERE \(part.sql) GROUP BY kind, service, version, region", part.arguments)
        }
        return try read { db in
            var groups = try Row.fetchAll(db, sql: grouped(parts[0]).sql, arguments: parts[0].arguments)
            var hosts = try Row.fetchAll(db, sql: "SELECT kind, COUNT(DISTINCT host) FROM event WHERE \(parts[0].sql) GROUP BY kind", arguments: parts[0].arguments)
            if parts.count > 1 {
                let unlinked = try Row.fetchAll(db, sql: grouped(parts[1]).sql, arguments: parts[1].arguments)
                groups += unlinked
                // An unlinked host counts only when no linked signal of that kind names it, so the
                // halves add up exactly; only the kinds that have unlinked signals are looked at.
                let kinds = Set(unlinked.compactMap { EventKind(rawValue: $0[0]) }).sorted()
                if !kinds.isEmpty {
                    let part = scope.signalParts(kinds: kinds)[1]
                    hosts += try Row.fetchAll(db, sql: """
                        SELECT kind, COUNT(DISTINCT host) FROM event AS u WHERE \(part.sql) AND NOT EXISTS
                        (SELECT 1 FROM event AS l WHERE l.incident = ? AND l.kind = u.kind AND l.host = u.host) GROUP BY kind
                        """, arguments: part.arguments + [id])
                }
            }
            var input = AnalysisInput(incident: id, lifecycle: scope.lifecycle, services: scope.services)
            // Each half grouped on its own: the linked half reads a covering index in its order,
            // so a million crash events are never sorted or loaded.
            var byKind: [EventKind: (events: Int, occurrences: Int, first: Int64, last: Int64)] = [:]
            var crashServices = Set<String>()
            var hostsByKind: [EventKind: Int] = [:]
            for row in hosts {
                if let kind = EventKind(rawValue: row[0]) { hostsByKind[kind, default: 0] += row[1] }
            }
            for row in groups {
                guard let kind = EventKind(rawValue: row[0]) else { continue }
                let service: String = row[1], version: String? = row[2], region: String? = row[3]
                let events: Int = row[4], occurrences: Int = row[5], first: Int64 = row[6], last: Int64 = row[7]
                var agg = byKind[kind] ?? (0, 0, first, last)
                agg.events += events
                agg.occurrences += occurrences
                agg.first = min(agg.first, first)
                agg.last = max(agg.last, last)
                byKind[kind] = agg
                if let version { input.signalVersions[version, default: 0] += occurrences }
                if kind == .crash {
                    crashServices.insert(service)
                    if let region { input.crashRegions[region, default: 0] += occurrences }
                }
            }
            input.signals = byKind.keys.sorted().map { kind in
                let a = byKind[kind]!
                return SignalSummary(kind: kind, events: a.events, occurrences: a.occurrences, hosts: hostsByKind[kind] ?? 0,
                                     first: Timestamp(milliseconds: a.first), last: Timestamp(milliseconds: a.last))
            }
            input.blast.hosts = hostsByKind[.crash] ?? 0
            input.blast.crashes = byKind[.crash]?.occurrences ?? 0
            input.blast.services = crashServices.sorted()
            input.blast.regions = input.crashRegions.keys.sorted()
            if input.signalVersions.count > 50 {
                // Keep the versions most signals carry: candidates are looked up by them.
                let top = input.signalVersions.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(50)
                input.signalVersions = Dictionary(uniqueKeysWithValues: top.map { ($0.key, $0.value) })
            }
            input.firstAlert = try edgeSignal(db, scope, kind: .alert, newest: false, firingOnly: true)
            input.firstReport = try edgeSignal(db, scope, kind: .report, newest: false)

            guard let impact = input.impactStart else { return input }
            input.candidates = try candidates(db, scope: scope, impact: impact, versions: Array(input.signalVersions.keys), options: options)
            if !input.signalVersions.isEmpty && !scope.services.isEmpty {
                let versions = input.signalVersions.keys.sorted()
                input.earlierDeploys = try Row.fetchAll(db, sql: """
                    SELECT \(Event.selectColumns) FROM event WHERE kind = 'deploy'
                    AND service IN (\(placeholders(scope.services.count + 1))) AND time >= ? AND time < ?
                    AND version IN (\(placeholders(versions.count))) ORDER BY time
                    """, arguments: StatementArguments(scope.services + [Event.globalService])
                        + [(impact - options.latentWindow).milliseconds, (impact - options.window).milliseconds]
                        + StatementArguments(versions))
                    .map(Event.init(row:))
            }
            return input
        }
    }

    func candidates(_ db: Database, scope: IncidentScope, impact: Timestamp, versions: [String], options: AnalysisOptions) throws -> [CandidateFacts] {
        let from = (impact - options.window).milliseconds
        let to = (impact + options.clockSkew).milliseconds
        let changeKinds = sqlList(EventKind.changes)
        let services = scope.services + [Event.globalService]
        var changes = try Row.fetchAll(db, sql: """
            SELECT \(Event.selectColumns) FROM event WHERE kind IN (\(changeKinds))
            AND service IN (\(placeholders(services.count))) AND time >= ? AND time <= ? ORDER BY time
            """, arguments: StatementArguments(services) + [from, to]).map(Event.init(row:))
        if !versions.isEmpty {
            // Changes elsewhere whose version the signals carry are candidates too.
            let known = Set(changes.map(\.id))
            changes += try Row.fetchAll(db, sql: """
                SELECT \(Event.selectColumns) FROM event WHERE kind IN (\(changeKinds))
                AND version IN (\(placeholders(versions.count))) AND time >= ? AND time <= ? ORDER BY time
                """, arguments: StatementArguments(versions) + [from, to]).map(Event.init(row:)).filter { !known.contains($0.id) }
        }
        let window = options.rateWindow.milliseconds
        return try changes.map { c in
            var steps = [c]
            if let v = c.version {
                steps = try Row.fetchAll(db, sql: """
                    SELECT \(Event.selectColumns) FROM event WHERE version = ? AND kind IN (\(changeKinds)) AND service = ? AND kind = ?
                    ORDER BY time, seq LIMIT 100
                    """, arguments: [v, c.service, c.kind.rawValue]).map(Event.init(row:))
            }
            let rateServices = c.service == Event.globalService || scope.services.contains(c.service)
                ? scope.services : scope.services + [c.service]
            func occurrences(_ start: Int64, _ end: Int64) throws -> Int {
                guard end > start else { return 0 }
                return try Int.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(count), 0) FROM event WHERE kind IN (\(sqlList(EventKind.signals)))
                    AND service IN (\(placeholders(rateServices.count))) AND time >= ? AND time < ?
                    """, arguments: StatementArguments(rateServices) + [start, end]) ?? 0
            }
            func perHour(_ n: Int, _ start: Int64, _ end: Int64) -> Double {
                end > start ? Double(n) / (Double(end - start) / 3_600_000) : 0
            }
            let t = c.time.milliseconds
            let stepIDs = steps.map(\.id)
            let rollback = try Row.fetchOne(db, sql: """
                SELECT \(Event.selectColumns) FROM event WHERE reverts IN (\(placeholders(stepIDs.count))) ORDER BY time, seq LIMIT 1
                """, arguments: StatementArguments(stepIDs)).map(Event.init(row:))
            var facts = CandidateFacts(change: c, rolloutSteps: steps, rateBefore: perHour(try occurrences(t - window, t), t - window, t))
            if let rollback, rollback.time.milliseconds > t {
                // The hour after the change and the span until its rollback overlap: each stretch is summed once.
                let r = rollback.time.milliseconds
                let split = min(t + window, r), far = max(t + window, r)
                let near = try occurrences(t, split), rest = try occurrences(split, far)
                facts.rateAfter = perHour(near + (t + window > r ? rest : 0), t, t + window)
                facts.rateUntilRollback = perHour(near + (r > t + window ? rest : 0), t, r)
                facts.rateAfterRollback = perHour(try occurrences(r, r + window), r, r + window)
                facts.rollback = rollback
            } else {
                facts.rateAfter = perHour(try occurrences(t, t + window), t, t + window)
                if let rollback {
                    facts.rollback = rollback
                    facts.rateUntilRollback = 0
                    facts.rateAfterRollback = perHour(try occurrences(rollback.time.milliseconds, rollback.time.milliseconds + window),
                                                      rollback.time.milliseconds, rollback.time.milliseconds + window)
                }
            }
            if let regions = c.scope?.regions, !regions.isEmpty {
                facts.unexposedRegionsSeen = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM event WHERE kind IN (\(sqlList(EventKind.signals)))
                    AND service IN (\(placeholders(rateServices.count))) AND time >= ? AND time <= ?
                    AND region IS NOT NULL AND region NOT IN (\(placeholders(regions.count))))
                    """, arguments: StatementArguments(rateServices) + [from, scope.windowEnd.milliseconds] + StatementArguments(regions)) ?? false
            }
            return facts
        }
    }

    /// The first (or last) of an incident's signals of one kind, taken from each half by its index.
    /// `at`, when the time is known (a `SignalSummary`'s first or last), turns each search into a seek.
    func edgeSignal(_ db: Database, _ scope: IncidentScope, kind: EventKind, newest: Bool, firingOnly: Bool = false, at: Timestamp? = nil) throws -> Event? {
        let order = newest ? "time DESC, seq DESC" : "time, seq"
        let filter = firingOnly ? " AND COALESCE(status, 'firing') = 'firing'" : ""
        var found: [(event: Event, seq: Int64)] = []
        for part in scope.signalParts(kinds: [kind], at: at) {
            if let row = try Row.fetchOne(db, sql: "SELECT \(Event.selectColumns), seq FROM event WHERE \(part.sql)\(filter) ORDER BY \(order) LIMIT 1",
                                          arguments: part.arguments) {
                found.append((Event(row: row), row["seq"]))
            }
        }
        let sorted = found.sorted { ($0.event.time, $0.seq) < ($1.event.time, $1.seq) }
        return newest ? sorted.last?.event : sorted.first?.event
    }

}
