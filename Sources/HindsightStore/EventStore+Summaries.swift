import Foundation
import Hindsight
import NIOConcurrencyHelpers

/// Incident summaries (`incident_summary`): each incident's analysis under the default options, kept up to
/// date by the writes that can change it (they mark it; `refreshSummaries` recomputes what is marked).
extension EventStore {
    /// How many summaries are missing, marked, or made by another analysis version.
    package func staleSummaryCount() throws -> Int {
        guard try summaryTables.present(in: backend) else { return 0 }
        return try read { s in try Self.staleCount(s) }
    }

    /// Whether any summary is stale: `staleSummaryCount() > 0` without counting, each part on its own index,
    /// for a check made on every view.
    package func hasStaleSummaries() throws -> Bool {
        guard try summaryTables.present(in: backend) else { return false }
        return try readStatement { s in
            try s.row(
                """
                SELECT (SELECT 1 FROM incident_mark LIMIT 1), (SELECT 1 FROM incident_summary WHERE analysis_version < ? LIMIT 1),
                (SELECT 1 FROM incident_summary WHERE analysis_version > ? LIMIT 1)
                """, [Analyzer.version, Analyzer.version]
            ).map { row in row.values.contains { $0 != .null } } ?? false
        }
    }

    /// Recomputes every stale summary, a few incidents per write transaction so other writers wait little;
    /// `progress` gets (0, total) first, then (done, total) after each transaction. Returns how many it recomputed.
    @discardableResult
    package func refreshSummaries(progress: ((Int, Int) -> Void)? = nil) throws -> Int {
        var total = try staleSummaryCount()
        guard total > 0 else { return 0 }
        progress?(0, total)
        var done = 0
        while true {
            let batch = try staleBatch()
            if batch.ids.isEmpty { break }
            try store(batch, analyses: analyses(of: batch.ids))
            done += batch.ids.count
            total = max(total, done)
            progress?(done, total)
        }
        return done
    }

    /// Incidents recomputed per write transaction.
    static let batchSize = 50

    /// A batch of stale incidents, sorted, with the marks and summary revisions they had when it was read.
    struct StaleBatch {
        var ids: [String]
        var marks: [String: [Int64]]
        var revisions: [String: Int64]
    }

    /// Up to `batchSize` stale incidents: those an older analysis version made (or none yet), then those marked.
    func staleBatch() throws -> StaleBatch {
        try read { s in
            var ids = try s.values(
                String.self, "SELECT incident FROM incident_summary WHERE \(Self.staleCondition) ORDER BY incident LIMIT \(Self.batchSize)",
                [Analyzer.version, Analyzer.version])
            if ids.count < Self.batchSize {
                let marked = try s.values(
                    String.self, "SELECT DISTINCT incident FROM incident_mark ORDER BY incident LIMIT \(Self.batchSize * 2)")
                ids += marked.filter { !ids.contains($0) }.prefix(Self.batchSize - ids.count)
            }
            var batch = StaleBatch(ids: ids.sorted(), marks: [:], revisions: [:])
            guard !ids.isEmpty else { return batch }
            for row in try s.rows("SELECT incident, seq FROM incident_mark WHERE incident IN (\(placeholders(ids.count)))", SQLArguments(binding: ids)) {
                batch.marks[row[0], default: []].append(row[1])
            }
            batch.revisions = try Self.revisions(of: ids, in: s)
            return batch
        }
    }

    /// The analyses of `ids` under the default options, in their order: `backend.concurrentReads` at once, each in a
    /// read snapshot of its own taken after the batch was read.
    func analyses(of ids: [String]) -> [Result<(AnalysisInput, IncidentAnalysis)?, any Error>] {
        let analyses = NIOLockedValueBox([Int: Result<(AnalysisInput, IncidentAnalysis)?, any Error>]())
        let workers = max(min(backend.concurrentReads, ids.count), 1)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: ids.count, by: workers) {
                let analysis = Result { try read { s in try Self.analyze(incident: ids[i], in: s, options: AnalysisOptions()) } }
                analyses.withLockedValue { $0[i] = analysis }
            }
        }
        return analyses.withLockedValue { done in ids.indices.map { done[$0]! } }
    }

    /// Stores, in one write transaction, the analyses of `batch`'s incidents (in its order) whose summary no other
    /// writer replaced since the batch was read, and deletes the marks the batch read for them. A write after the
    /// batch was read marks its incidents again, and an incident skipped keeps its marks: either way the next round
    /// recomputes it.
    func store(_ batch: StaleBatch, analyses: [Result<(AnalysisInput, IncidentAnalysis)?, any Error>]) throws {
        try write { s in
            let now = try Self.revisions(of: batch.ids, in: s)
            var consumed: [Int64] = []
            for (id, analysis) in zip(batch.ids, analyses) where now[id] == batch.revisions[id] {
                try Self.store(summaryOf: id, analyzed: try analysis.get(), in: s)
                consumed += batch.marks[id] ?? []
            }
            for chunk in consumed.chunked(500) {
                try s.execute("DELETE FROM incident_mark WHERE seq IN (\(placeholders(chunk.count)))", SQLArguments(binding: chunk))
            }
        }
    }

    /// The revision of each of `ids`' summary rows (none for an incident without one).
    static func revisions(of ids: [String], in s: any SQLSession) throws -> [String: Int64] {
        var revisions: [String: Int64] = [:]
        for row in try s.rows("SELECT incident, revision FROM incident_summary WHERE incident IN (\(placeholders(ids.count)))", SQLArguments(binding: ids)) {
            revisions[row[0]] = row[1]
        }
        return revisions
    }

    /// Rows a current summary does not hold: `analysis_version` differs (0: never computed). Written as two
    /// ranges so the index on the version serves it.
    static let staleCondition = "(analysis_version < ? OR analysis_version > ?)"

    static func staleCount(_ s: any SQLSession) throws -> Int {
        try s.value(
            Int.self,
            """
            SELECT COUNT(*) FROM incident_summary WHERE \(staleCondition) OR incident IN (SELECT incident FROM incident_mark)
            """, [Analyzer.version, Analyzer.version]) ?? 0
    }

    /// Stores `analyzed`, the analysis of `id` under the default options and the facts it was made from, as its
    /// summary with what it watches and what it refers to (`nil`: the incident no longer exists, and loses its rows).
    static func store(summaryOf id: String, analyzed: (AnalysisInput, IncidentAnalysis)?, in s: any SQLSession) throws {
        let options = AnalysisOptions()
        guard let (input, analysis) = analyzed else {
            for table in ["incident_summary", "incident_watch", "incident_ref", "incident_mark"] {
                try s.execute("DELETE FROM \(table) WHERE incident = ?", [id])
            }
            return
        }
        let summary = IncidentSummary(analysis)
        try s.execute(
            """
            UPDATE incident_summary SET analysis_version = ?, json = ?, sort_time = ?, impact_start = ?, services = ?, severity = ?,
            severity_rank = ?, status = ?, trigger_kind = ?, has_trigger = ?, customers_first = ?, search = ?, revision = ? WHERE incident = ?
            """,
            [
                Analyzer.version, summary.json, summary.sortTime, summary.impactStart, summary.servicesColumn, summary.severity,
                summary.severityRank, summary.status, summary.triggerKind, summary.hasTrigger, summary.customersFirst, summary.search,
                Int64.random(in: 1...Int64.max), id,
            ])
        try s.execute("DELETE FROM incident_watch WHERE incident = ?", [id])
        let watch = SummaryWatch(input: input, analysis: analysis, options: options)
        for chunk in watch.services.chunked(200) {
            var args: SQLArguments = []
            for service in chunk { args += [service, watch.from, watch.to, id] as SQLArguments }
            try s.execute(
                "INSERT INTO incident_watch (service, from_time, to_time, incident) VALUES "
                    + Array(repeating: "(?,?,?,?)", count: chunk.count).joined(separator: ","),
                args)
        }
        // Only the refs that changed are written: a recomputed incident mostly names the same changes and versions.
        let stored = Set(try s.values(String.self, "SELECT ref FROM incident_ref WHERE incident = ?", [id]))
        let wanted = Set(watch.refs)
        for chunk in stored.subtracting(wanted).sorted().chunked(200) {
            try s.execute("DELETE FROM incident_ref WHERE incident = ? AND ref IN (\(placeholders(chunk.count)))", [id] + SQLArguments(binding: chunk))
        }
        for chunk in watch.refs.filter({ !stored.contains($0) }).chunked(200) {
            var args: SQLArguments = []
            for ref in chunk { args += [ref, id] as SQLArguments }
            try s.execute(
                "INSERT INTO incident_ref (ref, incident) VALUES " + Array(repeating: "(?,?)", count: chunk.count).joined(separator: ",")
                    + " ON CONFLICT DO NOTHING", args)
        }
    }

    /// The incident's analysis inside `s`, with the facts gathered for it; nil for an unknown incident.
    static func analyze(incident id: String, in s: any SQLSession, options: AnalysisOptions) throws -> (AnalysisInput, IncidentAnalysis)? {
        guard let input = try AnalysisInput.gather(id, from: StoreAnalysisSource(s), options: options) else { return nil }
        return (input, Analyzer(options: options).analyze(input, verdicts: try verdicts(incident: id, in: s)))
    }

    /// The summaries `filter` selects, newest first, with the cursor of the page after when `filter.limit` cut it short.
    package func summaries(_ filter: IncidentFilter) throws -> (summaries: [IncidentSummary], next: IncidentCursor?) {
        try summaryPage(filter, columns: IncidentSummary.selectColumns, IncidentSummary.init(row:), cursor: IncidentCursor.init)
    }

    /// The incidents of the page `filter` selects with the revision of each summary, and the cursor of the
    /// page after: what that page of summaries looks like now, read without their JSON. Rendered pages
    /// are cached under it.
    package func summaryRevisions(_ filter: IncidentFilter) throws -> (rows: [SummaryRevision], next: IncidentCursor?) {
        try summaryPage(
            filter, columns: "incident, revision, sort_time", { row in SummaryRevision(incident: row[0], revision: row[1], sortTime: row[2]) },
            cursor: { IncidentCursor(sortTime: $0.sortTime, incident: $0.incident) })
    }

    /// The rows of `incident_summary` that `filter` selects, newest first, read as `columns` and made by `make`, with
    /// the cursor of the page after (from its last row) when `filter.limit` cut it short.
    private func summaryPage<Row>(
        _ filter: IncidentFilter, columns: String, _ make: (SQLRow) throws -> Row, cursor: (Row) -> IncidentCursor
    ) throws -> ([Row], IncidentCursor?) {
        try readStatement { s in
            let (condition, args) = filter.sqlCondition()
            let limit = filter.limit.map { " LIMIT \($0 + 1)" } ?? ""
            var page = try s.rows(
                "SELECT \(columns) FROM incident_summary WHERE \(condition) ORDER BY sort_time DESC, incident DESC\(limit)", args
            ).map(make)
            guard let limit = filter.limit, page.count > limit else { return (page, nil) }
            page.removeLast(page.count - limit)
            return (page, page.last.map(cursor))
        }
    }

    /// The revision of `incident`'s summary while it is current (computed by this analysis version and not
    /// marked since); nil when it is stale, or there is none.
    package func currentSummaryRevision(incident: String) throws -> Int64? {
        try read { s in
            guard try s.row("SELECT 1 FROM incident_mark WHERE incident = ? LIMIT 1", [incident]) == nil else { return nil }
            return try s.value(
                Int64.self, "SELECT revision FROM incident_summary WHERE incident = ? AND analysis_version = ? AND revision <> 0",
                [incident, Analyzer.version])
        }
    }

    /// Calls `body` with every summary `filter` selects, newest first, reading them a page at a time so
    /// the first rows come at once however many there are. Returns the cursor after the last row when
    /// `filter.limit` stopped it with more left.
    @discardableResult
    package func forEachSummary(_ filter: IncidentFilter, pageSize: Int = 500, _ body: (IncidentSummary) throws -> Void) throws -> IncidentCursor? {
        var page = filter
        var left = filter.limit
        while left.map({ $0 > 0 }) ?? true {
            page.limit = min(pageSize, left ?? pageSize)
            let (rows, next) = try summaries(page)
            for row in rows { try body(row) }
            left = left.map { $0 - rows.count }
            guard let next else { return nil }
            if left == 0 { return next }
            page.after = next
        }
        return nil
    }

    /// The analyses of the incidents placed in `[from, to)` (impact start, else when detected, mitigated or
    /// resolved), read from their summaries, oldest first.
    package func summarizedAnalyses(from: Timestamp, to: Timestamp) throws -> [IncidentAnalysis] {
        try read { s in
            try s.values(
                String.self, "SELECT json FROM incident_summary WHERE sort_time >= ? AND sort_time < ? AND json IS NOT NULL ORDER BY sort_time, incident",
                [from.milliseconds, to.milliseconds])
        }.map { try IncidentAnalysis(summaryJSON: $0) }
    }

    /// The stored `analyze --json` text of an incident; nil when it has none or it is stale.
    package func summaryJSON(incident: String) throws -> String? {
        try read { s in
            try s.value(
                String.self, "SELECT json FROM incident_summary WHERE incident = ? AND analysis_version = ?", [incident, Analyzer.version])
        }
    }

    /// What `filter` selects when the analysis options are not the defaults the summaries hold: every
    /// incident analysed afresh, filtered, sorted and paged as `summaries` does.
    package func freshSummaries(_ filter: IncidentFilter, options: AnalysisOptions) throws -> (summaries: [IncidentSummary], next: IncidentCursor?) {
        var all = try incidentIDs(all: filter.includeGuardHidden).map { IncidentSummary(try analysis(incident: $0, options: options)) }.filter(filter.matches)
        all.sort { ($0.sortTime, $0.incident) > ($1.sortTime, $1.incident) }
        guard let limit = filter.limit, all.count > limit else { return (all, nil) }
        let page = Array(all.prefix(limit))
        return (page, page.last.map(IncidentCursor.init))
    }
}

extension IncidentSummary {
    static let selectColumns =
        "incident, json, sort_time, impact_start, services, severity, severity_rank, status, trigger_kind, has_trigger, customers_first, search"

    init(row: SQLRow) {
        incident = row[0]
        let text: String? = row[1]
        json = text ?? "null"
        sortTime = row[2]
        impactStart = row[3]
        let column: String = row[4]
        services = column.split(separator: "\u{1F}").map(String.init)
        severity = row[5]
        severityRank = row[6]
        status = row[7]
        triggerKind = row[8]
        hasTrigger = row[9]
        customersFirst = row[10]
        search = row[11]
    }
}

extension EventStore {
    /// The migration that made the summary tables: before it, there are no summaries to bring up to date.
    package static let summariesMigration = "incident-summaries"
}
