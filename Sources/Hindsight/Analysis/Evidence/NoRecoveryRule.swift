/// Signals that went on after the change's rollback ended: had it been the cause, undoing it would have ended
/// the impact. Judged after the rollback ended (a long rollback keeps failing until it is done).
package struct NoRecoveryRule: EvidenceRule {
    package init() {}

    package let name = "no-recovery"
    package let features = [
        EvidenceFeature("no-recovery.went-on", .against, "share of the signal rate left after its rollback ended (when it fell by less than 70%)")
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let rb = f.rollback, let until = f.rateUntilRollback, let after = f.rateAfterRollback, until > 0, after > 0.3 * until else { return nil }
        if RecoveryRule.stopped(last: context.input.lastSignal, rate: until, before: rb.time) { return nil }
        if let justBefore = f.rateJustBeforeRollback, justBefore <= 0.1 * until { return nil }
        let ended = max(rb.end ?? rb.time, rb.time)
        let ran = ended > rb.time ? "ended at \(ended.rfc3339)" : "at \(rb.time.rfc3339)"
        return Measurement(
            [min(after / until, 1)],
            "signals went on after its rollback \(rb.id) \(ran): \(EvidenceText.rate(until)) before it, \(EvidenceText.rate(after)) "
                + "in the \(context.options.rateWindow) after")
    }
}
