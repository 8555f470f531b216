/// Staged step: a rollout in steps (same service, kind and version) is one change, judged at the step that was
/// out when the impact began. Impact that began at step k, right after it, while the k − 1 steps before stayed
/// quiet, points at this rollout and at that step's exposure.
package struct StagedStepRule: EvidenceRule {
    package init() {}

    package let name = "staged-step"
    package let features = [
        EvidenceFeature(
            "staged-step.began", .supports, "1 when the impact began within the rate window after a later step while the earlier steps stayed quiet")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        let steps = f.rolloutSteps
        // A per-host rollout is judged by which hosts failed (host contrast), not step by step.
        guard steps.count > 1, !steps.allSatisfy({ $0.host != nil }), let k = steps.firstIndex(where: { $0.id == c.id }) else { return nil }
        let reference = context.reference
        let path = steps.map { s in s.scope?.percent.map { "\(Formatting.decimal($0))%" } ?? s.scope?.ring ?? "?" }.joined(separator: " → ")
        var text =
            "step \(k + 1) of \(steps.count) of a staged rollout of '\(c.version ?? "")' (\(path))"
            + (c.scope?.percent.map { ", reaching \(Formatting.decimal($0))% of the fleet" } ?? "")
        let rose = f.rateAfter > max(3 * f.rateBefore, 0.5)
        let quiet = !f.stepRates.isEmpty && f.stepRates.allSatisfy { $0 <= max(0.2 * f.rateAfter, 0.5) }
        var value = 0.0
        if k > 0, rose, quiet, c.time <= reference, reference - c.time <= context.options.rateWindow {
            value = 1
            text += ": the impact began at step \(k + 1) and not at the \(k) step\(k == 1 ? "" : "s") before it"
        }
        if let kept = steps.first(where: { $0.time > reference + context.options.clockSkew }) {
            text += "; the rollout kept going after \(context.referenceName): \(kept.id) at \(kept.time.rfc3339), \(kept.time - reference) later"
        }
        return Measurement([value], text)
    }
}
