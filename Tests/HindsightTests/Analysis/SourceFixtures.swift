import Hindsight

/// Incidents built as events and read through `MemoryAnalysisSource`, as the store would hand them over:
/// times in minutes after 2024-07-19T04:00:00Z; impact starts at minute 10 unless a test says otherwise.
enum SF {
    static func at(_ minutes: Double) -> Timestamp { AF.at(minutes) }

    static func change(
        _ id: String, _ kind: EventKind = .deploy, at minutes: Double, service: String = "api", version: String? = nil,
        scope: Scope? = nil, status: String? = nil, end: Double? = nil, environment: String = "production",
        actor: String? = "deploy-bot", source: String? = "ci"
    ) -> Event {
        Event(
            id: id, time: at(minutes), kind: kind, service: service, environment: environment, end: end.map(at), version: version,
            status: status, scope: scope, actor: actor, source: source)
    }

    static func rollback(_ id: String, of change: String, at minutes: Double, end: Double? = nil, service: String = "api") -> Event {
        Event(id: id, time: at(minutes), kind: .rollback, service: service, end: end.map(at), reverts: change)
    }

    /// One unlinked crash event every `every` minutes in `[from, to)`, `count` occurrences each, hosts cycling.
    static func crashes(
        _ prefix: String, from: Double, to: Double, every: Double = 1, service: String = "api", version: String? = nil,
        region: String? = "eu-west-1", count: Int = 5, hosts: Int = 10
    ) -> [Event] {
        stride(from: from, to: to, by: every).enumerated().map { i, m in
            Event(
                id: "\(prefix)-\(i)", time: at(m), kind: .crash, service: service, version: version, host: "\(service)-\(i % hosts)",
                count: count, labels: region.map { Labels(["region": $0]) })
        }
    }

    /// Declared at minute 20, resolved at 120, on `service`.
    static func incident(_ id: String = "INC-1", service: String = "api", declared: Double = 20, resolved: Double = 120) -> [Event] {
        [
            Event(id: "\(id)-declared", time: at(declared), kind: .incident, service: service, status: "declared", incident: id, title: "errors"),
            Event(id: "\(id)-resolved", time: at(resolved), kind: .incident, service: service, status: "resolved", incident: id),
        ]
    }

    static func analyze(
        _ events: [Event], edges: [CatalogEdge] = [], options: AnalysisOptions = AnalysisOptions(),
        incident: String = "INC-1"
    ) throws -> IncidentAnalysis {
        try Analyzer(options: options).analyze(incident: incident, source: MemoryAnalysisSource(events: events, edges: edges))
    }
}

extension IncidentAnalysis {
    func candidate(_ id: String) -> Candidate? { candidates.first { $0.change.id == id } }
}

extension Candidate {
    func says(_ text: String) -> Bool { reasons.contains { $0.contains(text) } }
}
