/// Host contrast: where a change names the hosts it reached (a `host` on each per-host change event), the share
/// of the failing hosts on its service that it had reached, against its share of that service's hosts. A cause
/// fails the hosts it reached; a bystander's hosts fail no more often than the others.
package struct HostContrastRule: EvidenceRule {
    package init() {}

    package let name = "host-contrast"
    package let features = [
        EvidenceFeature(
            "host-contrast.llr", .supports,
            "contrast of the share of failing hosts it reached against its share of the service's hosts (binomial log-likelihood ratio, see Contrast)")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let h = f.hosts, h.reached > 0, h.failing >= 2, h.fleet > 0 else { return nil }
        let inside = Double(h.failingInside) / Double(h.failing)
        let expected = min(Double(h.reached) / Double(h.fleet), 1)
        let on = f.change.service == Event.globalService ? "" : " on \(f.change.service)"
        let failing =
            "\(Formatting.thousands(h.failingInside)) of the \(EvidenceText.count(h.failing, "failing host", "failing hosts"))\(on) "
            + "(\(EvidenceText.percent(inside))) are among the \(EvidenceText.count(h.reached, "host", "hosts")) it reached, "
            + "\(EvidenceText.percent(expected)) of the \(EvidenceText.count(h.fleet, "host", "hosts")) seen there"
        if expected >= 0.95 { return Measurement([0], "\(failing); it reached nearly every host, so which ones failed cannot tell") }
        let value = Contrast.llr(share: inside, fleet: expected, observations: h.failing)
        if abs(value) < Contrast.dead { return Measurement([0], "\(failing): too close to tell") }
        if value > 0 { return Measurement([value], failing) }
        return Measurement([value], "\(failing): the failures do not follow it")
    }
}
