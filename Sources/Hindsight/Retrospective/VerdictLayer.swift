/// Lays the team's verdicts over the correlator's ranking: a rejected change is never proposed, a confirmed
/// one is the trigger (the correlator's own choice kept beside it), and what depends on the trigger follows it.
///
/// It works on the correlator's input and result only, so the correlator can change without it:
/// `filtered(_:)` removes rejected changes (and every step of their rollouts) before ranking, and
/// `apply(to:input:)` puts a confirmed change first with the facts that drive mitigation.
public struct VerdictLayer: Sendable {
    public var verdicts: Verdicts

    public init(verdicts: Verdicts) { self.verdicts = verdicts }

    /// The input without the rejected changes: a staged rollout goes as a whole when any of its steps is rejected.
    public func filtered(_ input: AnalysisInput) -> AnalysisInput {
        let rejected = verdicts.rejected
        guard !rejected.isEmpty else { return input }
        var out = input
        out.candidates = input.candidates.filter { f in
            !rejected.contains(f.change.id) && !f.rolloutSteps.contains { rejected.contains($0.id) }
        }
        return out
    }

    /// The final ranking: the correlator's, or, when the team confirmed a change, that change as the trigger.
    public func apply(to ranked: Correlator.Result, input: AnalysisInput) -> Correlator.Result {
        guard let confirmation = verdicts.confirmed else { return ranked }
        let id = confirmation.change
        func matches(_ c: Candidate) -> Bool { c.change.id == id || c.rolloutSteps.contains { $0.id == id } }
        let facts =
            input.candidates.first { $0.change.id == id }
            ?? input.candidates.first { f in f.rolloutSteps.contains { $0.id == id } }
            ?? verdicts.confirmedFacts.flatMap { $0.change.id == id ? $0 : nil }
        let scored = ranked.candidates.first(where: matches)
        guard let change = facts?.rolloutSteps.first(where: { $0.id == id }) ?? scored?.change ?? facts?.change else {
            return ranked
        }
        let confirmedReason =
            "confirmed as the trigger by \(confirmation.by ?? "the team") at \(confirmation.time.rfc3339)"
            + (confirmation.why.map { ": \($0)" } ?? "")
        var trigger =
            scored
            ?? Candidate(
                change: change, score: 0,
                reasons: ["the correlator did not rank it (outside its window, or not on the incident's services)"],
                rolloutSteps: facts.map { $0.rolloutSteps.count > 1 ? $0.rolloutSteps : [] } ?? [])
        trigger.change = change
        trigger.evidence.insert(Observation(rule: "team-verdict", llr: 0, text: confirmedReason), at: 0)

        var out = ranked
        out.candidates = [trigger] + ranked.candidates.filter { !matches($0) }
        out.trigger = trigger
        out.triggerFacts = facts
        out.abstention = nil
        if ranked.trigger.map(matches) != true {
            out.latentChange = nil
            out.latentReason = nil
        }
        return out
    }

    /// Records the verdicts, the correlator's own choice and the confirmation that made the final trigger.
    public func record(in analysis: inout IncidentAnalysis, correlated: Correlator.Result, final: Correlator.Result) {
        analysis.correlatorTrigger = correlated.trigger
        analysis.verdicts = verdicts.current
        if let c = verdicts.confirmed, final.trigger?.change.id == c.change { analysis.confirmation = c }
    }
}
