/// Region contrast: the share of the incident's signals in the regions the change reached (`scope.regions` of its
/// steps by the reference time), against those regions' share of its services' signals in the day before (else
/// their share of the regions the signals came from). A cause concentrates the impact where it went.
package struct RegionContrastRule: EvidenceRule {
    package init() {}

    package let name = "region-contrast"
    package let features = [
        EvidenceFeature(
            "region-contrast.llr", .supports,
            "contrast of the share of signals in the regions it reached against those regions' usual share (binomial log-likelihood ratio, see Contrast)")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let input = context.input
        let latest = context.reference + context.options.clockSkew
        let reached = Set(f.rolloutSteps.filter { $0.time <= latest }.flatMap { $0.scope?.regions ?? [] })
        let total = input.signalRegions.values.reduce(0, +)
        guard !reached.isEmpty, total > 0 else { return nil }
        let inside = Double(input.signalRegions.filter { reached.contains($0.key) }.values.reduce(0, +)) / Double(total)
        let before = input.regionsBefore.values.reduce(0, +)
        let expected: Double
        let basis: String
        if before >= 5 {
            expected = Double(input.regionsBefore.filter { reached.contains($0.key) }.values.reduce(0, +)) / Double(before)
            basis = "which held \(EvidenceText.percent(expected)) of its services' signals in the day before"
        } else {
            let seen = Set(input.signalRegions.keys).union(input.regionsBefore.keys)
            expected = Double(seen.intersection(reached).count) / Double(max(seen.count, 1))
            basis = "\(seen.intersection(reached).count) of the \(seen.count) regions the signals came from"
        }
        let names = reached.sorted().joined(separator: ", ")
        let share = "\(EvidenceText.percent(inside)) of the signals are in the regions it reached (\(names))"
        if expected >= 0.95 {
            return Measurement([0], "it reached every region its services' signals came from (\(names)), so where they were cannot tell")
        }
        let value = Contrast.llr(share: inside, fleet: expected, observations: total)
        if abs(value) < Contrast.dead { return Measurement([0], "\(share), \(basis): too close to tell") }
        if value > 0 {
            let healthy = inside >= 1 ? "; the regions it did not reach stayed healthy" : ""
            return Measurement([value], "\(share), \(basis)\(healthy)")
        }
        return Measurement([value], "\(share), \(basis): \(EvidenceText.percent(1 - inside)) are in regions it never reached")
    }
}
