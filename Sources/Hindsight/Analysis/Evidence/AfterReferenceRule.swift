/// A change recorded after the reference time, within the clock-skew tolerance: clocks disagree, so it stays a
/// candidate, but its timing cannot show it came first.
package struct AfterReferenceRule: EvidenceRule {
    package init() {}

    package let name = "after-reference"
    package let features = [EvidenceFeature("after-reference.after", .against, "1 when it was recorded after the reference time")]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        guard c.time > context.reference else { return nil }
        return Measurement(
            [1],
            "recorded \(c.time - context.reference) after \(context.referenceName), within the \(context.options.clockSkew) clock-skew tolerance, "
                + "so timing cannot tell it came first")
    }
}
