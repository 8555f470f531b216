/// Stale re-application: automation applying an older version than the one running (a stale plan, a
/// re-synced manifest) is a change of its own, not a step of the version's first rollout; its version
/// contrast is measured against the fleet that ran the newer one. The sentence says what it re-applied.
package struct ReapplicationRule: EvidenceRule {
    package init() {}

    package let name = "stale-reapply"
    package let features = [EvidenceFeature("stale-reapply.older", .either, "1 when it re-applies a version an earlier change had already replaced")]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let first = f.reapplies, let newer = f.replacedBy else { return nil }
        return Measurement(
            [1],
            "re-applies '\(f.change.version ?? "")', first applied by \(first.id) at \(first.time.rfc3339) and replaced by "
                + "'\(newer.version ?? "")' (\(newer.id)) at \(newer.time.rfc3339): a change of its own, not a step of that first rollout")
    }
}
