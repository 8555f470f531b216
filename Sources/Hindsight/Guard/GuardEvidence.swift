/// The evidence the guard weighs: the correlator's own rules, run on a change's facts as of the evaluation time.
/// This is the one place the guard meets the correlator; it never reasons about evidence itself.
enum GuardEvidence {
    /// What the correlator's rules see in `facts`, each observation with its log-likelihood ratio and sentence.
    static func observations(_ facts: GuardFacts, options: AnalysisOptions) -> [Observation] {
        let correlator = Correlator(options: options)
        // The fleet's share of a new version is its exposure, not its share of the signals before it existed.
        var candidate = facts.candidate
        candidate.versionsBeforeImpact = [:]
        let judged = correlator.judge(candidate, impact: facts.at, input: facts.input)
        var out = judged.candidate.reasons.map { Observation(rule: "correlator", llr: 0, text: $0) }
        if judged.strong {
            out.append(Observation(rule: "correlator", llr: 6, text: "the correlator finds evidence beyond timing for it"))
        }
        return out
    }

    /// The share of the fleet (0–1) the rules take the change to have run on at `t`.
    static func exposure(_ f: CandidateFacts, at t: Timestamp, options: AnalysisOptions) -> Double {
        Correlator(options: options).exposure(f, at: t)
    }
}
