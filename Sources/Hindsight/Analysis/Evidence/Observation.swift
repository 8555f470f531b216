/// What one rule saw in one candidate change: how much more likely the facts are if the change triggered the
/// incident than if it is a bystander (a natural-log likelihood ratio, `llr`), and one sentence true of the data.
/// A sentence with `llr` 0 states a fact the decision does not weigh.
package struct Observation: Sendable, Equatable {
    /// The rule's name (`version-contrast`).
    package var rule: String
    package var llr: Double
    package var text: String

    package init(rule: String, llr: Double, text: String) {
        self.rule = rule
        self.llr = llr
        self.text = text
    }
}
