/// Fix-forward: the impact ended with a new change on the same target — the same service and kind, and the
/// same `changeTarget` (a flag or configuration key) where the changes name one — made while the signals were
/// still coming, rather than a rollback. The change in force on that target when the impact began gets the
/// credit; a routine push following its own series is not a fix.
package struct FixForwardRule: EvidenceRule {
    package init() {}

    package let name = "fix-forward"
    package let features = [
        EvidenceFeature(
            "fix-forward.fell", .supports, "share by which the signal rate fell after a later change on its target ended (when it fell by 70% or more)")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let fix = f.fixForward, let until = f.rateUntilFix, let after = f.rateAfterFix, until > 0 else { return nil }
        if let justBefore = f.rateJustBeforeFix, justBefore <= 0.1 * until { return nil }
        guard after <= 0.3 * until else { return nil }
        let fell = 1 - after / until
        let c = f.change
        let what: String
        if fix.scope?.percent == 0 {
            what = " switched it off"
        } else if let target = c.changeTarget {
            what = " changed the same \(c.kind.rawValue) target ('\(target)') again"
        } else if c.kind == .config {
            what = ", the next config change on \(c.service),"
        } else {
            what = " changed the same \(c.kind.rawValue) target again"
        }
        return Measurement(
            [fell], "signals fell \(EvidenceText.percent(fell)) after \(fix.id)\(what) at \(fix.time.rfc3339), the fix-forward that ended the impact")
    }
}
