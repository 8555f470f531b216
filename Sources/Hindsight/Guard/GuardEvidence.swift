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
        // The correlator lists its evidence for a change first; evidence beyond timing ("strong") weighs as one
        // ratio on the first of those sentences, until its rules give a ratio each.
        if judged.strong, !out.isEmpty { out[0].llr = strongEvidence }
        return out
    }

    /// The log-likelihood ratio of the correlator's evidence beyond timing: enough to lift the 10% prior past 0.9.
    static let strongEvidence = 6.0
}
