import GRDB
import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident, aggregating signals in SQL so that
    /// an incident with millions of crash events is never loaded row by row.
    public func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        let scope = try incidentScope(id, lookback: options.lookback)
        return try read { db in
            let all = scope.signalsSQL(columns: "\(Event.selectColumns), seq")
            let signalsFrom = "FROM (\(all.sql))"
            let args = all.arguments

            var summaries: [SignalSummary] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT kind, COUNT(*), SUM(count), COUNT(DISTINCT host), MIN(time), MAX(time) \(signalsFrom) GROUP BY kind ORDER BY kind
                """, arguments: args) {
                guard let kind = EventKind(rawValue: row[0]) else { continue }
                summaries.append(SignalSummary(kind: kind, events: row[1], occurrences: row[2], hosts: row[3],
                                               first: Timestamp(milliseconds: row[4]), last: Timestamp(milliseconds: row[5])))
            }
            var input = AnalysisInput(incident: id, lifecycle: scope.lifecycle, services: scope.services, signals: summaries)

            func first(_ kind: EventKind, firingOnly: Bool) throws -> Event? {
                let q = scope.signalsSQL(columns: "\(Event.selectColumns), seq", kinds: [kind])
                let filter = firingOnly ? "WHERE COALESCE(status, 'firing') = 'firing'" : ""
                return try Row.fetchOne(db, sql: "SELECT \(Event.selectColumns) FROM (\(q.sql)) \(filter) ORDER BY time, seq LIMIT 1", arguments: q.arguments)
                    .map(Event.init(row:))
            }
            input.firstAlert = try first(.alert, firingOnly: true)
            input.firstReport = try first(.report, firingOnly: false)

            let crashes = scope.signalsSQL(columns: "service, host, region, count", kinds: [.crash])
            if let row = try Row.fetchOne(db, sql: "SELECT COUNT(DISTINCT host), COALESCE(SUM(count), 0) FROM (\(crashes.sql))", arguments: crashes.arguments) {
                input.blast.hosts = row[0]
                input.blast.crashes = row[1]
            }
            input.blast.services = try String.fetchAll(db, sql: "SELECT DISTINCT service FROM (\(crashes.sql)) ORDER BY service", arguments: crashes.arguments)
            for row in try Row.fetchAll(db, sql: "SELECT region, SUM(count) FROM (\(crashes.sql)) WHERE region IS NOT NULL GROUP BY region ORDER BY region", arguments: crashes.arguments) {
                input.crashRegions[row[0]] = row[1]
            }
            input.blast.regions = input.crashRegions.keys.sorted()

            let versioned = scope.signalsSQL(columns: "version, count")
            for row in try Row.fetchAll(db, sql: """
                SELECT version, SUM(count) AS n FROM (\(versioned.sql)) WHERE version IS NOT NULL GROUP BY version ORDER BY n DESC, version LIMIT 50
                """, arguments: versioned.arguments) {
                input.signalVersions[row[0]] = row[1]
            }

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
