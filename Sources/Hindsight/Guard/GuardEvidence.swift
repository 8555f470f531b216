/// The evidence the guard weighs: the correlator's own rules and fitted weights, run on a change's facts as of the
/// evaluation time. This is the one place the guard meets the correlator; it never reasons about evidence itself.
enum GuardEvidence {
    /// What the correlator's rules see in `facts`, each observation with its log-likelihood ratio and sentence.
    /// The evaluation time is the reference the rules judge against: what the change had reached by then, and
    /// what the signals did since its first step.
    static func observations(_ facts: GuardFacts, options: AnalysisOptions) -> [Observation] {
        let context = EvidenceContext(input: facts.input, options: options, reference: facts.at)
        // The fleet's share of a new version is its exposure, not its share of the signals before it existed.
        var candidate = facts.candidate
        candidate.versionsBeforeImpact = [:]
        let parameters = options.parameters
        return EvidenceRules.all.compactMap { rule in
            guard !skipped.contains(rule.name), let m = rule.measure(candidate, in: context) else { return nil }
            let llr = zip(m.values, rule.features).reduce(0.0) { $0 + $1.0 * parameters.weight($1.1.name) }
            return Observation(rule: rule.name, llr: llr, text: m.text)
        }
    }

    /// The rules that tell which change caused an impact already known: how close it came, on which service, how
    /// routine such changes are. Every change the guard judges is the one just made on its service, so they would
    /// say the same of each, healthy or not, and weigh nothing about whether it is bad.
    /// `onset` too: the guard measures the rise itself, against the usual rate, up to the time asked, where the rule
    /// looks at the hour after the change, which has not passed yet during a rollout.
    static let skipped: Set<String> = ["timing", "cadence", "service", "dependency-path", "after-reference", "onset"]
}
