/// A candidate that is itself a rollback: it restored what ran before (`reverts` names the change it undid), so
/// it is weighed apart from new code or configuration.
package struct RollbackChangeRule: EvidenceRule {
    package init() {}

    package let name = "rollback-change"
    package let features = [EvidenceFeature("rollback-change.rollback", .either, "1 when the candidate is a rollback")]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard f.change.kind == .rollback else { return nil }
        return Measurement([1], "a rollback\(f.change.reverts.map { " of \($0)" } ?? ""): it restored what ran before")
    }
}
