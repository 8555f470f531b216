/// What a rule measured in one candidate's facts: a value per feature it declares (same order; 0 where a
/// feature does not apply) and the sentence that says what the values mean.
package struct Measurement: Sendable, Equatable {
    package var values: [Double]
    package var text: String

    package init(_ values: [Double], _ text: String) {
        self.values = values
        self.text = text
    }

    /// A sentence the decision does not weigh: every value 0.
    package static func fact(_ text: String, features: Int) -> Measurement { Measurement(Array(repeating: 0, count: features), text) }
}
