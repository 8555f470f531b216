extension Analyzer {
    /// Gathers the incident's facts from `source` and analyses them.
    public func analyze(incident: String, source: some AnalysisSource) throws -> IncidentAnalysis {
        guard let input = try AnalysisInput.gather(incident, from: source, options: options) else {
            throw AnalysisError.unknownIncident(incident)
        }
        return analyze(input)
    }

    /// `rollout_halted`: whether the trigger's staged rollout stopped once the impact began.
    func rolloutFinding(_ a: IncidentAnalysis) -> Finding? {
        guard let t = a.trigger, t.rolloutSteps.count > 1, let start = a.impactStart else { return nil }
        let what = "the rollout of '\(t.change.version ?? t.change.id)'"
        if let kept = t.rolloutSteps.first(where: { $0.time > start + options.clockSkew }) {
            let reach = kept.scope?.percent.map { " to \(Formatting.decimal($0))%" } ?? ""
            return Finding(
                practice: "rollout_halted", ok: false,
                detail: "\(what) kept going after impact start: \(kept.id)\(reach) at \(kept.time.rfc3339), \(kept.time - start) "
                    + "after impact began; halt a rollout when its signals rise")
        }
        return Finding(practice: "rollout_halted", ok: true, detail: "\(what) went no further after impact start")
    }
}
