import Hindsight

/// Hand-built incidents for the analysis tests: times in minutes after 2024-07-19T04:00:00Z.
enum AF {
    static let base = Timestamp(milliseconds: 1_721_361_600_000)  // 2024-07-19T04:00:00Z

    static func at(_ minutes: Double) -> Timestamp { base + TimeSpan(milliseconds: Int64(minutes * 60_000)) }

    static func change(
        _ id: String, _ kind: EventKind = .deploy, at minutes: Double, service: String = "api",
        version: String? = nil, scope: Scope? = nil
    ) -> Event {
        Event(id: id, time: at(minutes), kind: kind, service: service, version: version, scope: scope)
    }

    static func lifecycle(_ status: String, at minutes: Double, incident: String = "INC-1", service: String = "api") -> Event {
        Event(
            id: "\(incident)-\(status)", time: at(minutes), kind: .incident, service: service, status: status, incident: incident, severity: "SEV2",
            title: "API errors")
    }

    static func summary(_ kind: EventKind, first: Double, last: Double, events: Int = 10, occurrences: Int = 10, hosts: Int = 5) -> SignalSummary {
        SignalSummary(kind: kind, events: events, occurrences: occurrences, hosts: hosts, first: at(first), last: at(last))
    }

    /// An incident on `api` whose impact starts at minute 10.
    static func input(
        candidates: [CandidateFacts] = [], versions: [String: Int] = [:], regions: [String: Int] = [:],
        signals: [SignalSummary]? = nil, lifecycle: [Event]? = nil, alertAt: Double? = 14, reportAt: Double? = nil,
        earlierDeploys: [Event] = []
    ) -> AnalysisInput {
        AnalysisInput(
            incident: "INC-1",
            lifecycle: lifecycle ?? [AF.lifecycle("declared", at: 20), AF.lifecycle("mitigated", at: 40), AF.lifecycle("resolved", at: 70)],
            services: ["api"],
            signals: signals ?? [summary(.crash, first: 10, last: 45)],
            firstAlert: alertAt.map { Event(id: "alert-1", time: at($0), kind: .alert, service: "api", summary: "5xx above 2%") },
            firstReport: reportAt.map { Event(id: "report-1", time: at($0), kind: .report, service: "api") },
            blast: BlastRadius(hosts: 5, crashes: 10, services: ["api"], regions: regions.keys.sorted()),
            signalVersions: versions, crashRegions: regions, candidates: candidates, earlierDeploys: earlierDeploys)
    }
}
