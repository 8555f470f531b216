/// Timing: how close to the reference time the change settled. A trigger's effect usually shows within
/// minutes; a bystander lands anywhere in the window. The value is `ln(window / gap)`, so the likelihood ratio
/// falls as a power of the gap: minutes beat hours, and hours still beat days (a delayed effect keeps some weight).
package struct TimingRule: EvidenceRule {
    package init() {}

    package let name = "timing"
    package let features = [
        EvidenceFeature("timing.closeness", .supports, "ln(candidate window / gap between the change settling and the reference time), gap at least 1 minute")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        let reference = context.reference
        // A change recorded after the reference is the after-reference rule's: timing cannot speak for it.
        guard c.time <= reference else { return nil }
        let gap = reference - context.settled(c)
        let minutes = max(Double(gap.milliseconds) / 60_000, 1)
        let window = max(Double(context.options.window.milliseconds) / 60_000, 1)
        let closeness = max(LogMath.ln(window / minutes), 0)
        var text = context.began(reference - c.time, after: "it")
        if let end = c.end, end > c.time {
            text += end <= reference ? ", \(reference - end) after its rollout ended" : "; its rollout ran \(end - c.time), until \(end.rfc3339)"
        }
        if ChangeLifecycle.inProgress(c) { text += "; still in progress when last reported (status started)" }
        return Measurement([closeness], text)
    }
}
