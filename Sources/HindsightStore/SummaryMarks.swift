import Hindsight

/// What a write touched, for marking the incident summaries it can change: the incidents its events
/// name, each service's earliest and latest event time, and the change ids and versions its changes
/// refer to (a rollback's target, a rollout step's or a latent deploy's version).
final class SummaryMarks {
    private(set) var incidents: Set<String> = []
    private(set) var spans: [String: (from: Int64, to: Int64)] = [:]
    private(set) var refs: Set<String> = []

    var isEmpty: Bool { incidents.isEmpty && spans.isEmpty && refs.isEmpty }

    /// Records an event stored new, or merged into a stored change.
    func add(_ e: Event) {
        if let incident = e.incident { incidents.insert(incident) }
        let t = e.time.milliseconds
        let end = max(e.end?.milliseconds ?? t, t)
        if let span = spans[e.service] {
            spans[e.service] = (min(span.from, t), max(span.to, end))
        } else {
            spans[e.service] = (t, end)
        }
        if e.kind.isChange {
            if let reverts = e.reverts { refs.insert(IncidentRefs.change(reverts)) }
            if let version = e.version { refs.insert(IncidentRefs.version(version)) }
            refs.insert(IncidentRefs.change(e.id))
        }
    }

    /// Records that the dependencies of these services changed: the incidents watching them are marked.
    func addServices(_ services: some Sequence<String>) {
        for s in services where spans[s] == nil { spans[s] = (Int64.min / 2, Int64.max / 2) }
    }

    /// Marks the incidents touched: those the events name (a new incident gets its row), those watching
    /// a touched service over a touched time, and those referring to a touched change or version. Marks are
    /// appended rows, so concurrent writers never wait on each other's marks.
    func apply(in s: any SQLSession) throws {
        guard !isEmpty else { return }
        for chunk in Array(incidents.sorted()).chunked(500) {
            let known = "SELECT DISTINCT incident FROM event WHERE kind = 'incident' AND incident IN (\(placeholders(chunk.count)))"
            // In id order, so two writers adding the same new incidents take their locks in the same order.
            try s.execute(
                """
                INSERT INTO incident_summary (incident, analysis_version, sort_time, services, severity_rank, has_trigger, customers_first, search)
                SELECT incident, 0, \(IncidentSummary.unknownTime), '', \(SeverityRank.unknown), 0, 0, '' FROM (\(known)) AS new ORDER BY incident
                ON CONFLICT (incident) DO NOTHING
                """, SQLArguments(binding: chunk))
            try s.execute("INSERT INTO incident_mark (incident) \(known)", SQLArguments(binding: chunk))
        }
        for (service, span) in spans.sorted(by: { $0.key < $1.key }) {
            try s.execute(
                """
                INSERT INTO incident_mark (incident) SELECT DISTINCT incident FROM incident_watch
                WHERE service = ? AND from_time <= ? AND to_time >= ?
                """, [service, span.to, span.from])
        }
        for chunk in Array(refs.sorted()).chunked(500) {
            try s.execute(
                "INSERT INTO incident_mark (incident) SELECT DISTINCT incident FROM incident_ref WHERE ref IN (\(placeholders(chunk.count)))",
                SQLArguments(binding: chunk))
        }
        incidents = []
        spans = [:]
        refs = []
    }
}

/// The `incident_ref` keys: `c:ID` for a change, `v:VERSION` for a version.
enum IncidentRefs {
    static func change(_ id: String) -> String { "c:" + id }
    static func version(_ version: String) -> String { "v:" + version }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
