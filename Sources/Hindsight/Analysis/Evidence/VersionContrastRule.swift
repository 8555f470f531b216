/// Version contrast: the share of the signals on the change's service that carry the version it shipped, against
/// the share of that service's fleet running it (the signals of the rate window before the reference, or the
/// exposure its rollout had, whichever is larger). If the change is the cause, the failing hosts run it far more
/// than the fleet does; a bystander's version shows in the same share as on the fleet, and once a newer version
/// replaced it, hardly at all: signals that still carry it after that are stuck on it.
package struct VersionContrastRule: EvidenceRule {
    package init() {}

    package let name = "version-contrast"
    package let features = [
        EvidenceFeature(
            "version-contrast.llr", .supports,
            "contrast of the share of versioned signals carrying its version against its fleet share (binomial log-likelihood ratio, see Contrast)"),
        EvidenceFeature("version-contrast.absent", .against, "its fleet share, when no versioned signal of its service runs the version a deploy shipped"),
    ]

    /// Fewer signals naming a version than this say nothing either way.
    static let minimumSignals = 3

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        guard let v = c.version, !v.isEmpty else { return nil }
        let versions = context.input.versions(on: c.service)
        let versioned = versions.values.reduce(0, +)
        guard versioned >= Self.minimumSignals else { return nil }
        let n = versions[v] ?? 0
        let share = Double(n) / Double(versioned)
        let onService = c.service == Event.globalService ? "the signals" : "the signals on \(c.service)"
        let reference = context.reference
        var exposure = context.exposure(f, at: reference)
        // A newer version that replaced it before the reference took its hosts; while the newer one's rollout is
        // still running, which hosts it had taken is unknown, so the older keeps the most it could still run on.
        if let newer = f.supersededBy, newer.time <= reference, (newer.end ?? newer.time) <= reference { exposure *= 1 - Self.reach(newer) }
        let before = f.versionsBeforeImpact.values.reduce(0, +)
        let measured = before >= 5 ? Double(f.versionsBeforeImpact[v] ?? 0) / Double(before) : 0
        let fleet = max(exposure, measured)
        let bySignals = measured >= exposure && before >= 5
        let window = context.options.rateWindow
        let noun =
            bySignals
            ? "\(EvidenceText.percent(measured)) of them in the \(window) before \(context.referenceName)"
            : "the \(EvidenceText.percent(fleet)) of the fleet it ran on at \(context.referenceName)"
        let clause =
            bySignals
            ? "\(EvidenceText.percent(measured)) of them already did in the \(window) before \(context.referenceName)"
            : "it ran on \(EvidenceText.percent(fleet)) of the fleet at \(context.referenceName)"
        if n == 0 {
            let deployedHere = c.kind == .deploy && context.input.services.contains(c.service)
            guard deployedHere, exposure > 0 else { return nil }
            return Measurement(
                [0, exposure],
                "none of the \(Formatting.thousands(versioned)) \(onService.dropFirst(4)) that name a version run '\(v)', though it ran on "
                    + "\(EvidenceText.percent(exposure)) of the fleet at \(context.referenceName)")
        }
        let carried =
            "\(EvidenceText.percent(share)) of \(onService) that name a version (\(Formatting.thousands(n)) of \(Formatting.thousands(versioned))) "
            + "carry version '\(v)' that it shipped"
        // The signals after a newer version replaced it are judged against the little of the fleet still running it.
        var value: Double
        var stuck = ""
        if let newer = f.supersededBy, newer.time > reference, let after = f.afterSuperseded, after.versioned >= Self.minimumSignals,
            after.versioned < versioned
        {
            let total = after.versioned
            let kept = after.carrying
            let earlier = versioned - total
            let beforeShare = Double(n - kept) / Double(max(earlier, 1))
            let afterShare = Double(kept) / Double(total)
            value =
                (Double(earlier) * Contrast.llr(share: beforeShare, fleet: fleet, observations: earlier)
                    + Double(total) * Contrast.llr(share: afterShare, fleet: fleet * (1 - Self.reach(newer)), observations: total)) / Double(versioned)
            stuck =
                "; \(EvidenceText.percent(afterShare)) of the \(Formatting.thousands(total)) after \(newer.id) replaced it at \(newer.time.rfc3339) "
                + (kept > 0 ? "still carry it" : "carry it")
        } else {
            value = Contrast.llr(share: share, fleet: fleet, observations: versioned)
        }
        if fleet >= 0.95 && stuck.isEmpty {
            return Measurement([0, 0], "\(carried), but \(clause), so they would carry it whatever the cause")
        }
        if abs(value) < Contrast.dead { return Measurement([0, 0], "\(carried), against \(noun)\(stuck): too close to tell") }
        if value > 0 { return Measurement([value, 0], "\(carried), against \(noun)\(stuck)") }
        return Measurement(
            [value, 0],
            "\(carried), against \(noun)\(stuck): a cause would be on nearly every failing host, and the other "
                + "\(EvidenceText.percent(1 - share)) came from hosts not running it")
    }

    /// The share of the fleet a change reached: its `scope.percent`, all of it without one.
    static func reach(_ e: Event) -> Double { min(max((e.scope?.percent ?? 100) / 100, 0), 1) }
}
