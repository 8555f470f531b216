/// A change that failed (`status` `failed`) may never have reached the fleet.
package struct FailedChangeRule: EvidenceRule {
    package init() {}

    package let name = "failed-change"
    package let features = [EvidenceFeature("failed-change.failed", .against, "1 when its status is failed")]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard f.change.status == "failed" else { return nil }
        return Measurement([1], "it failed (status failed), so it may never have reached the fleet")
    }
}
