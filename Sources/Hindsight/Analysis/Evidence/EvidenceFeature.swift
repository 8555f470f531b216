/// One measured quantity of a rule, with a weight in the parameter table: the rule's log-likelihood ratio
/// is the sum of its features' values times their weights.
package struct EvidenceFeature: Sendable, Equatable {
    /// Which way the evidence may point; the fit keeps each weight on its side, so a sentence that speaks
    /// for a change never lowers it and one that speaks against it never raises it.
    package enum Direction: String, Sendable {
        /// Evidence for the change: the weight is at least 0.
        case supports
        /// Evidence against it: the weight is at most 0.
        case against
        /// Either way, as the data says (where a change sits, how often its service changes).
        case either
    }

    /// `rule.quantity`, as in the parameter table (`version-contrast.lift`).
    package var name: String
    package var direction: Direction
    /// What the value measures, for the parameter table's comments and docs/correlator.md.
    package var meaning: String

    package init(_ name: String, _ direction: Direction, _ meaning: String) {
        self.name = name
        self.direction = direction
        self.meaning = meaning
    }

    /// The weight on its allowed side.
    package func clamp(_ weight: Double) -> Double {
        switch direction {
        case .supports: return max(weight, 0)
        case .against: return min(weight, 0)
        case .either: return weight
        }
    }
}
