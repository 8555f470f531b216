import GRDB
import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident, aggregating signals in SQL so that
    /// an incident with millions of crash events is never loaded row by row.
    public func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        let scope = try incidentScope(id, lookback: options.lookback)
        return try read { db in
            var input = AnalysisInput(incident: id, lifecycle: scope.lifecycle, services: scope.services)
            // One pass groups the signals by kind, version and region; a second counts distinct hosts.
            let grouped = scope.signalsSQL(columns: "kind, version, region, count, time")
            var firstByKind: [EventKind: (events: Int, occurrences: Int, first: Int64, last: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT kind, version, region, COUNT(*), SUM(count), MIN(time), MAX(time) FROM (\(grouped.sql)) GROUP BY kind, version, region
                """, arguments: grouped.arguments) {
                guard let kind = EventKind(rawValue: row[0]) else { continue }
                let version: String? = row[1], region: String? = row[2]
                let events: Int = row[3], occurrences: Int = row[4], first: Int64 = row[5], last: Int64 = row[6]
                var agg = firstByKind[kind] ?? (0, 0, first, last)
                agg.events += events
                agg.occurrences += occurrences
                agg.first = min(agg.first, first)
                agg.last = max(agg.last, last)
                firstByKind[kind] = agg
                if let version { input.signalVersions[version, default: 0] += occurrences }
                if kind == .crash, let region { input.crashRegions[region, default: 0] += occurrences }
            }
            let hosts = scope.signalsSQL(columns: "kind, host, service")
            var hostsByKind: [EventKind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(DISTINCT host) FROM (\(hosts.sql)) GROUP BY kind", arguments: hosts.arguments) {
                if let kind = EventKind(rawValue: row[0]) { hostsByKind[kind] = row[1] }
            }
            let crashServices = try String.fetchAll(db, sql: "SELECT DISTINCT service FROM (\(hosts.sql)) WHERE kind = 'crash' ORDER BY service", arguments: hosts.arguments)
            input.signals = firstByKind.keys.sorted().map { kind in
                let a = firstByKind[kind]!
                return SignalSummary(kind: kind, events: a.events, occurrences: a.occurrences, hosts: hostsByKind[kind] ?? 0,
                                     first: Timestamp(milliseconds: a.first), last: Timestamp(milliseconds: a.last))
            }
            input.blast.hosts = hostsByKind[.crash] ?? 0
            input.blast.crashes = firstByKind[.crash]?.occurrences ?? 0
            input.blast.services = crashServices
            input.blast.regions = input.crashRegions.keys.sorted()
            if input.signalVersions.count > 50 {
                // Keep the versions most signals carry: candidates are looked up by them.
                let top = input.signalVersions.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(50)
                input.signalVersions = Dictionary(uniqueKeysWithValues: top.map { ($0.key, $0.value) })
            }

            func first(_ kind: EventKind, firingOnly: Bool) throws -> Event? {
                let q = scope.signalsSQL(columns: "\(Event.selectColumns), seq", kinds: [kind])
                let filter = firingOnly ? "WHERE COALESCE(status, 'firing') = 'firing'" : ""
                return try Row.fetchOne(db, sql: "SELECT \(Event.selectColumns) FROM (\(q.sql)) \(filter) ORDER BY time, seq LIMIT 1", arguments: q.arguments)
                    .map(Event.init(row:))
            }
            input.firstAlert = try first(.alert, firingOnly: true)
            input.firstReport = try first(.report, firingOnly: false)

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
        let changeKinds = EventKind.changes.map { "'\($0.rawValue)'" }.joined(separator: ",")
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
                    SELECT \(Event.selectColumns) FROM event WHERE service = ? AND kind = ? AND version = ? ORDER BY time, seq LIMIT 100
                    """, arguments: [c.service, c.kind.rawValue, v]).map(Event.init(row:))
            }
            let rateServices = c.service == Event.globalService || scope.services.contains(c.service)
                ? scope.services : scope.services + [c.service]
            func rate(_ start: Int64, _ end: Int64) throws -> Double {
                guard end > start else { return 0 }
                let n = try Int.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(count), 0) FROM event WHERE kind IN ('alert','crash','report')
                    AND service IN (\(placeholders(rateServices.count))) AND time >= ? AND time < ?
                    """, arguments: StatementArguments(rateServices) + [start, end]) ?? 0
                return Double(n) / (Double(end - start) / 3_600_000)
            }
            let t = c.time.milliseconds
            var facts = CandidateFacts(change: c, rolloutSteps: steps, rateBefore: try rate(t - window, t), rateAfter: try rate(t, t + window))
            if let regions = c.scope?.regions, !regions.isEmpty {
                facts.unexposedRegionsSeen = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM event WHERE kind IN ('alert','crash','report')
                    AND service IN (\(placeholders(rateServices.count))) AND time >= ? AND time <= ?
                    AND region IS NOT NULL AND region NOT IN (\(placeholders(regions.count))))
                    """, arguments: StatementArguments(rateServices) + [from, scope.windowEnd.milliseconds] + StatementArguments(regions)) ?? false
            }
            let stepIDs = steps.map(\.id)
            if let rb = try Row.fetchOne(db, sql: """
                SELECT \(Event.selectColumns) FROM event WHERE kind = 'rollback' AND reverts IN (\(placeholders(stepIDs.count))) ORDER BY time, seq LIMIT 1
                """, arguments: StatementArguments(stepIDs)).map(Event.init(row:)) {
                facts.rollback = rb
                let r = rb.time.milliseconds
                facts.rateUntilRollback = try rate(t, r)
                facts.rateAfterRollback = try rate(r, r + window)
            }
            return facts
        }
    }

    func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }
}
