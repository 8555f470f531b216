/// A change upstream of the incident in the service catalog: the path from its service down to an incident
/// service is evidence in its own right (the impact sits where that dependency is used), weaker with each hop.
package struct DependencyPathRule: EvidenceRule {
    package init() {}

    package let name = "dependency-path"
    package let features = [
        EvidenceFeature("dependency-path.upstream", .either, "1 when the change is on a service the incident's services depend on"),
        EvidenceFeature("dependency-path.hops", .against, "hops beyond the first between its service and an incident service"),
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let path = f.upstreamPath, path.count >= 2, !context.input.services.contains(f.change.service), f.change.service != Event.globalService
        else { return nil }
        return Measurement(
            [1, Double(path.count - 2)], "upstream of the incident in the service catalog: \(path.joined(separator: " → "))")
    }
}
