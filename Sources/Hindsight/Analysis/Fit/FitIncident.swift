/// One labeled incident for the fit: the feature values of each candidate change (in `EvidenceRules.features`
/// order) and which hypothesis is true.
package struct FitIncident: Sendable, Equatable {
    /// Where it came from (a generated family, a corpus folder), for reports.
    package var group: String
    package var name: String
    package var candidates: [[Double]]
    /// The index of the candidate that triggered it; `nil` when no change in the store did.
    package var truth: Int?
    /// How much it counts in the likelihood.
    package var weight: Double

    package init(group: String, name: String, candidates: [[Double]], truth: Int?, weight: Double = 1) {
        self.group = group
        self.name = name
        self.candidates = candidates
        self.truth = truth
        self.weight = weight
    }

    /// The incident as the correlator measures it, labeled with `trigger` (a change id, a step of a candidate's
    /// rollout, or `nil` for none); `nil` when the trigger is not among its candidates, so no weight can name it.
    package init?(group: String, name: String, input: AnalysisInput, trigger: String?, options: AnalysisOptions = AnalysisOptions(), weight: Double = 1) {
        guard let (_, measured) = Correlator(options: options).measure(input) else { return nil }
        var truth: Int?
        if let trigger {
            guard let i = measured.firstIndex(where: { m in m.facts.change.id == trigger || m.facts.rolloutSteps.contains { $0.id == trigger } })
            else { return nil }
            truth = i
        }
        self.init(group: group, name: name, candidates: measured.map(\.features), truth: truth, weight: weight)
    }

    /// The posteriors of no change (first) and of each candidate under `parameters`.
    package func posteriors(_ parameters: CorrelatorParameters) -> [Double] {
        let weights = EvidenceRules.features.map { parameters.weight($0.name) }
        return Decision.posteriors([parameters.noChange] + candidates.map { x in zip(x, weights).reduce(0.0) { $0 + $1.0 * $1.1 } })
    }

    /// What the decision does with it under `parameters` and `threshold`: the best change, whether it is named,
    /// whether that is right, and its posterior (the confidence).
    package func judged(_ parameters: CorrelatorParameters, threshold: Double? = nil) -> Judged {
        let p = posteriors(parameters)
        var order = Array(p.indices)
        order.sort { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
        let hypotheses = order.map { Hypothesis(id: $0 == 0 ? nil : "c\($0 - 1)", kind: $0 == 0 ? .none : .change, posterior: p[$0]) }
        let named = Decision.named(hypotheses, threshold: threshold ?? parameters.threshold, margin: parameters.margin) != nil
        let bestChange = p.indices.dropFirst().max { p[$0] != p[$1] ? p[$0] < p[$1] : $0 > $1 }.map { $0 - 1 }
        return Judged(
            named: named ? order[0] - 1 : nil, bestChange: bestChange, confidence: bestChange.map { p[$0 + 1] }, truth: truth)
    }

    /// The decision on one incident.
    package struct Judged: Sendable, Equatable {
        /// The candidate named, if any.
        package var named: Int?
        /// The most likely change, named or not, and its posterior.
        package var bestChange: Int?
        package var confidence: Double?
        package var truth: Int?

        /// Whether the answer is right: the trigger named, or nothing named when there is none.
        package var right: Bool { named == truth }
        /// Whether the most likely change is the trigger (what the confidence claims).
        package var bestIsTrigger: Bool { bestChange != nil && bestChange == truth }
    }
}
