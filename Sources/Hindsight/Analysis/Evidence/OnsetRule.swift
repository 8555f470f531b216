/// Onset: the signal rate on the incident's services in the rate window after the change against the one
/// before it. Every change just before an incident has some of it, so it weighs little on its own; it tells a
/// change the impact followed from one made while all was quiet. Value: `ln((after + 1) / (before + 1))`, at least 0.
package struct OnsetRule: EvidenceRule {
    package init() {}

    package let name = "onset"
    package let features = [
        EvidenceFeature(
            "onset.rise", .supports, "ln((signals/h after it + 1) / (signals/h before it + 1)) over the rate window when it more than tripled, else 0")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let window = context.options.rateWindow
        if f.rateAfter > max(3 * f.rateBefore, 0.5) {
            let rise = max(LogMath.ln((f.rateAfter + 1) / (f.rateBefore + 1)), 0)
            return Measurement(
                [rise],
                "signals on the incident's services rose from \(EvidenceText.rate(f.rateBefore)) to \(EvidenceText.rate(f.rateAfter)) in the \(window) after it"
            )
        }
        if f.change.time > context.reference { return nil }
        return Measurement([0], "no rise in signals on the incident's services in the \(window) after it")
    }
}
