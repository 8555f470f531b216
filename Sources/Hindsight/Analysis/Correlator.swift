/// Names the change that triggered an incident, or abstains, by weighing evidence as competing hypotheses.
///
/// Every candidate change, and "no change in the store triggered it", is a hypothesis. Each rule of
/// `EvidenceRules` reads a candidate's facts and returns what it measured and one true sentence; the weights
/// of `CorrelatorParameters` (fitted, docs/correlator.md) turn the measurements into log-likelihood ratios,
/// which add up with the prior in log-odds. The posterior over all hypotheses decides (`Decision`): the best
/// change is named only when it clears the threshold and leads the runner-up by the margin.
public struct Correlator: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) { self.options = options }

    /// The ranked candidates, the hypotheses, the trigger (or the reason to abstain), and the latent change.
    public struct Result: Sendable, Equatable {
        public var candidates: [Candidate]
        public var trigger: Candidate?
        public var triggerFacts: CandidateFacts?
        public var abstention: String?
        public var latentChange: Event?
        public var latentReason: String?
        /// Every hypothesis, most likely first; "no change" alone when there is no candidate.
        public var hypotheses: [Hypothesis] = []
    }

    /// One candidate's measurements before any weight is applied: what the fit learns from.
    package struct Measured: Sendable {
        package var facts: CandidateFacts
        /// Each rule that spoke, by its index in `EvidenceRules.all`, and what it measured.
        package var measurements: [(rule: Int, measurement: Measurement)]
        /// Every feature's value, in `EvidenceRules.features` order.
        package var features: [Double]
    }

    /// The reference time and each eligible candidate's measurements; `nil` when the incident has no signals.
    package func measure(_ input: AnalysisInput) -> (context: EvidenceContext, candidates: [Measured])? {
        guard let reference = input.reference else { return nil }
        let context = EvidenceContext(input: input, options: options, reference: reference)
        let latest = reference + options.clockSkew
        let eligible = input.candidates.filter { $0.change.time <= latest && $0.change.time >= reference - options.window }
        let offsets = Self.featureOffsets
        let measured = eligible.map { f in
            var m = Measured(facts: f, measurements: [], features: Array(repeating: 0, count: EvidenceRules.features.count))
            for (i, rule) in EvidenceRules.all.enumerated() {
                guard let measurement = rule.measure(f, in: context) else { continue }
                m.measurements.append((i, measurement))
                for (j, v) in measurement.values.enumerated() { m.features[offsets[i] + j] = v }
            }
            return m
        }
        return (context, measured)
    }

    /// Where each rule's features start in `EvidenceRules.features`.
    static let featureOffsets: [Int] = {
        var offsets: [Int] = []
        var at = 0
        for rule in EvidenceRules.all {
            offsets.append(at)
            at += rule.features.count
        }
        return offsets
    }()

    public func rank(_ input: AnalysisInput) -> Result {
        guard let (context, measured) = measure(input) else {
            return Result(candidates: [], abstention: "the incident has no signals, so there is no impact start to explain")
        }
        let parameters = options.parameters
        let weights = EvidenceRules.features.map { parameters.weight($0.name) }
        let offsets = Self.featureOffsets
        var scored: [(candidate: Candidate, facts: CandidateFacts, score: Double)] = measured.map { m in
            var observations: [Observation] = []
            for (i, measurement) in m.measurements {
                let rule = EvidenceRules.all[i]
                let llr = measurement.values.enumerated().reduce(0.0) { $0 + $1.element * weights[offsets[i] + $1.offset] }
                observations.append(Observation(rule: rule.name, llr: llr, text: measurement.text))
            }
            let score = zip(m.features, weights).reduce(0.0) { $0 + $1.0 * $1.1 }
            let steps = m.facts.rolloutSteps
            let candidate = Candidate(change: m.facts.change, posterior: 0, evidence: Self.ordered(observations), rolloutSteps: steps.count > 1 ? steps : [])
            return (candidate, m.facts, score)
        }
        let posteriors = Decision.posteriors([parameters.noChange] + scored.map(\.score))
        for i in scored.indices { scored[i].candidate.score = Self.rounded(posteriors[i + 1]) }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.candidate.change.time != b.candidate.change.time { return a.candidate.change.time > b.candidate.change.time }
            return a.candidate.change.id < b.candidate.change.id
        }
        var hypotheses = scored.map { Hypothesis(id: $0.candidate.change.id, kind: .change, posterior: $0.candidate.score) }
        let none = Hypothesis(id: nil, kind: .none, posterior: Self.rounded(posteriors[0]))
        hypotheses.insert(none, at: hypotheses.firstIndex { $0.posterior < none.posterior } ?? hypotheses.endIndex)
        var result = Result(candidates: scored.map(\.candidate), hypotheses: hypotheses)
        guard !scored.isEmpty else {
            let upstream = input.upstream.paths.isEmpty ? "" : ", upstream of them"
            result.abstention =
                "no change in the \(options.window) before \(context.referenceName) on \(input.services.joined(separator: ", "))\(upstream) or globally"
            return result
        }
        let threshold = options.minimumConfidence ?? parameters.threshold
        if Decision.named(hypotheses, threshold: threshold, margin: parameters.margin) != nil {
            let best = scored[0]
            result.trigger = best.candidate
            result.triggerFacts = best.facts
            (result.latentChange, result.latentReason) = latent(for: best.candidate.change, in: context)
        } else {
            result.abstention = abstention(hypotheses, threshold: threshold, margin: parameters.margin)
        }
        return result
    }

    /// Why no change is named, and which hypotheses remained.
    func abstention(_ hypotheses: [Hypothesis], threshold: Double, margin: Double) -> String {
        let best = hypotheses[0]
        let why: String
        if best.kind == .none {
            why =
                "no recorded change has evidence enough to beat 'no change in the store' (an outside cause, "
                + "or a change made outside the tools that feed Hindsight)"
        } else if best.posterior < threshold {
            why =
                "the most likely change, \(best.id!), has a posterior of \(Hypothesis.decimal2(best.posterior)), below the \(Hypothesis.decimal2(threshold)) needed"
        } else {
            let next = hypotheses[1]
            why =
                "\(best.id!) (\(Hypothesis.decimal2(best.posterior))) leads \(next.id ?? "no change") (\(Hypothesis.decimal2(next.posterior))) "
                + "by less than the \(Hypothesis.decimal2(margin)) margin"
        }
        let shown = hypotheses.prefix(4).map(\.label)
        let rest = hypotheses.count > 4 ? " and \(hypotheses.count - 4) more" : ""
        return "no confident trigger: \(why); the hypotheses that remain: \(shown.joined(separator: "; "))\(rest)"
    }

    /// Evidence for first (strongest first), then facts, then evidence against (strongest first).
    static func ordered(_ observations: [Observation]) -> [Observation] {
        observations.filter { $0.llr > 0 }.sorted { $0.llr > $1.llr } + observations.filter { $0.llr == 0 }
            + observations.filter { $0.llr < 0 }.sorted { $0.llr < $1.llr }
    }

    /// A posterior as the JSON and the drafts print it: three decimals.
    static func rounded(_ p: Double) -> Double { (p * 1000).rounded() / 1000 }

    /// A release or config trigger's latent change: what it switched on.
    func latent(for trigger: Event, in context: EvidenceContext) -> (Event?, String?) {
        guard trigger.kind == .release || trigger.kind == .config, let latent = LatentActivationRule.latent(for: trigger, in: context) else {
            return (nil, nil)
        }
        switch latent {
        case .version(let deploy, let share):
            return (
                deploy,
                "\(EvidenceText.percent(share)) of the versioned signals run '\(deploy.version ?? "")', which \(deploy.id) "
                    + "deployed at \(deploy.time.rfc3339), \(trigger.time - deploy.time) before \(trigger.id) switched it on"
            )
        case .target(let earlier):
            return (
                earlier,
                "\(earlier.id) shipped '\(earlier.changeTarget ?? "")' at \(earlier.time.rfc3339) with no rise in signals after it, "
                    + "\(trigger.time - earlier.time) before \(trigger.id) switched it on"
            )
        }
    }
}
