/// The evidence the guard weighs: the canary comparison (its part of the fleet against the rest and against the usual
/// rate, a Bayes factor from counts) and the correlator's own rules and fitted weights, run on a change's facts as
/// of the evaluation time. This is the one place the guard meets the correlator.
enum GuardEvidence {
    /// The canary comparison and what the correlator's rules see in `facts`, each observation with its log-likelihood ratio and sentence.
    /// The evaluation time is the reference the rules judge against: what the change had reached by then, and
    /// what the signals did since its first step.
    static func observations(_ facts: GuardFacts, options: GuardOptions) -> [Observation] {
        let context = EvidenceContext(input: facts.input, options: options.analysis, reference: facts.at)
        // The fleet's share of a new version is its exposure, not its share of the signals before it existed.
        var candidate = facts.candidate
        candidate.versionsBeforeImpact = [:]
        let parameters = options.analysis.parameters
        return [canary(facts, options: options)]
            + EvidenceRules.all.compactMap { rule in
                guard !skipped.contains(rule.name), let m = rule.measure(candidate, in: context) else { return nil }
                let llr = zip(m.values, rule.features).reduce(0.0) { $0 + $1.0 * parameters.weight($1.1.name) }
                return Observation(rule: rule.name, llr: llr, text: m.text)
            }
    }

    /// The canary comparison (`CanaryComparison`) as an observation: its Bayes factor and the counts it weighed.
    static func canary(_ facts: GuardFacts, options: GuardOptions) -> Observation {
        let c = facts.canary
        var text =
            "since its first step, \(Formatting.thousands(c.inGroup)) signal occurrence\(c.inGroup == 1 ? "" : "s") on \(c.group), "
            + "where the usual rate gives \(ChangeGuard.count(c.expectedInGroup))"
        if c.groupHosts > 0 {
            text +=
                " (its \(Formatting.thousands(c.groupHosts)) host\(c.groupHosts == 1 ? "" : "s") gave \(Formatting.thousands(c.groupHostsBefore)) in the "
                + "\(options.baselineWindow) before its first step)"
        }
        if c.expectedOutside > 0 || c.outside > 0 {
            text += ", and \(Formatting.thousands(c.outside)) on the rest of the fleet, where it gives \(ChangeGuard.count(c.expectedOutside))"
        } else {
            text += " (nothing it did not reach to compare with)"
        }
        if let hosts = c.hostsInGroup {
            text +=
                "; \(Formatting.thousands(hosts)) host\(hosts == 1 ? "" : "s") in \(c.group) failed at \(Formatting.decimal(GuardFacts.standOutFactor))× "
                + "their usual rate or more, against \(Formatting.thousands(c.hostsOutside)) on the rest of the fleet"
        }
        if facts.baselineRate <= 0 {
            text += "; no signal came in the \(options.baselineWindow) before its first step, so the usual rate is taken as half one in that span"
        }
        return Observation(rule: "canary", llr: (c.logLikelihoodRatio * 1000).rounded() / 1000, text: text)
    }

    /// The rules that tell which change caused an impact already known: how close it came, on which service, how
    /// routine such changes are. Every change the guard judges is the one just made on its service, so they would
    /// say the same of each, healthy or not, and weigh nothing about whether it is bad.
    /// `onset` too: the guard measures the rise itself, against the usual rate, up to the time asked, where the rule
    /// looks at the hour after the change, which has not passed yet during a rollout.
    /// `version-contrast` and `region-contrast`: the canary comparison weighs the same counts, against the usual rate
    /// and the rest of the fleet together; counting both would count one fact twice.
    static let skipped: Set<String> = [
        "timing", "cadence", "service", "dependency-path", "after-reference", "onset", "version-contrast", "region-contrast",
    ]
}
