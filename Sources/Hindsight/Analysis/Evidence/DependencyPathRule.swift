/// A change upstream of the incident in the service catalog: the path from its service down to an incident
/// service is evidence in its own right (the impact sits where that dependency is used), weaker with each hop,
/// and stronger when the dependency's own signals rose after the change.
package struct DependencyPathRule: EvidenceRule {
    package init() {}

    package let name = "dependency-path"
    package let features = [
        EvidenceFeature("dependency-path.upstream", .either, "1 when the change is on a service the incident's services depend on"),
        EvidenceFeature("dependency-path.hops", .against, "hops beyond the first between its service and an incident service"),
        EvidenceFeature(
            "dependency-path.own-rise", .supports, "ln((signals/h on its own service after it + 1) / (before + 1)), when they more than tripled to 2/h or more"),
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let path = f.upstreamPath, path.count >= 2, !context.input.services.contains(f.change.service), f.change.service != Event.globalService
        else { return nil }
        var text = "upstream of the incident in the service catalog: \(path.joined(separator: " → "))"
        var rise = 0.0
        if let before = f.ownRateBefore, let after = f.ownRateAfter, after >= 2, after > 3 * before {
            rise = LogMath.ln((after + 1) / (before + 1))
            text +=
                "; signals on \(f.change.service) itself rose from \(EvidenceText.rate(before)) to \(EvidenceText.rate(after)) "
                + "in the \(context.options.rateWindow) after it"
        }
        return Measurement([1, Double(path.count - 2), rise], text)
    }
}
