/// Exposure that does not match the impact: more hosts crashed than the change reached (`scope.hosts`) — at
/// least twice as many, so a few hosts it reached late or a host counted twice do not decide it.
package struct ExposureMismatchRule: EvidenceRule {
    package init() {}

    package let name = "exposure-mismatch"
    package let features = [EvidenceFeature("exposure-mismatch.hosts", .against, "1 when at least twice as many hosts crashed as it reached (scope.hosts)")]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        let crashed = context.input.blast.hosts
        let reached = f.rolloutSteps.filter { $0.time <= context.reference + context.options.clockSkew }.compactMap { $0.scope?.hosts }.max() ?? c.scope?.hosts
        guard let reached, reached > 0, crashed >= 2 * reached, context.input.services.contains(c.service) || c.service == Event.globalService
        else { return nil }
        return Measurement([1], "\(Formatting.thousands(crashed)) hosts crashed but it reached only \(Formatting.thousands(reached))")
    }
}
