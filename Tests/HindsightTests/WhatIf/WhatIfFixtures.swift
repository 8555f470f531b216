import Hindsight

/// Hand-built analyses for the what-if tests: times in minutes after 2024-07-19T04:00:00Z.
enum WF {
    static let base = Timestamp(milliseconds: 1_721_361_600_000)  // 2024-07-19T04:00:00Z

    static func at(_ minutes: Double) -> Timestamp { base + TimeSpan(milliseconds: Int64(minutes * 60_000)) }

    static func change(_ id: String, at minutes: Double, percent: Double? = nil, hosts: Int? = nil) -> Event {
        Event(
            id: id, time: at(minutes), kind: .config, service: "falcon-sensor", version: "channel-file-291",
            scope: percent == nil && hosts == nil ? nil : Scope(percent: percent, hosts: hosts))
    }

    /// An analysis whose trigger is `steps.last` (the step the correlator judges) unless `trigger` is given.
    static func analysis(
        steps: [Event], trigger: Event? = nil, impact: Double, detected: Double?, mitigated: Double?,
        blastHosts: Int
    ) -> IncidentAnalysis {
        var a = IncidentAnalysis(incident: "INC-1", services: ["falcon-sensor"])
        let t = trigger ?? steps[steps.count - 1]
        a.trigger = Candidate(change: t, score: 0.9, reasons: [], rolloutSteps: steps.count > 1 ? steps : [])
        a.candidates = [a.trigger!]
        a.impactStart = at(impact)
        a.detectedAt = detected.map(at)
        a.detectedBy = detected == nil ? nil : "alert \"hosts offline\""
        a.detectionLag = detected.map { at($0) - at(impact) }
        a.mitigatedAt = mitigated.map(at)
        a.mitigatedBy = mitigated == nil ? nil : "rollback rb-1"
        a.timeToMitigate = mitigated.map { at($0) - at(impact) }
        a.blastRadius = BlastRadius(hosts: blastHosts, crashes: blastHosts, services: ["falcon-sensor"], exposure: t.scope)
        return a
    }
}
