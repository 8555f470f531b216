/// Recovery: the signals fell once the change's rollback (or a switch-off recorded as one) had ended, however
/// long after the change it came. The rate from the reference time until the rollback began is compared with
/// the rate window after it ended; a fall that came before a rollback began (the signals had stopped, or had
/// already fallen) weighs nothing either way, though the rollback may still be what the incident calls its mitigation.
package struct RecoveryRule: EvidenceRule {
    package init() {}

    package let name = "recovery"
    package let features = [
        EvidenceFeature("recovery.fell", .supports, "share by which the signal rate fell after its rollback ended (when it fell by 70% or more)")
    ]

    /// Signals that ended this long before a rollback began had stopped without it.
    static let stoppedBefore = TimeSpan.minutes(15)
    /// Or after at least `quietAtLeast`, when the rate they came at would have put this many more before the
    /// rollback began.
    static let missedSignals = 10.0
    static let quietAtLeast = TimeSpan.minutes(5)

    /// Whether the signals, last seen at `last` after coming at `rate` an hour, had stopped before `start`.
    static func stopped(last: Timestamp?, rate: Double, before start: Timestamp) -> Bool {
        guard let last, last < start else { return false }
        let silence = start - last
        return silence > stoppedBefore || (silence >= quietAtLeast && rate * Double(silence.milliseconds) / 3_600_000 >= missedSignals)
    }

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let rb = f.rollback, let until = f.rateUntilRollback, let after = f.rateAfterRollback, until > 0 else { return nil }
        let ran = rb.end.map { $0 > rb.time ? " (it ran until \($0.rfc3339))" : "" } ?? ""
        if Self.stopped(last: context.input.lastSignal, rate: until, before: rb.time), let last = context.input.lastSignal {
            return Measurement(
                [0],
                "its rollback \(rb.id) began at \(rb.time.rfc3339), after the signals had stopped at \(last.rfc3339): "
                    + "they stopped before it, so their stopping weighs nothing either way")
        }
        if let justBefore = f.rateJustBeforeRollback, justBefore <= 0.1 * until {
            return Measurement(
                [0],
                "signals had already fallen from \(EvidenceText.rate(until)) to \(EvidenceText.rate(justBefore)) in the \(Self.stoppedBefore) before "
                    + "its rollback \(rb.id) began at \(rb.time.rfc3339): the fall came before it, so it weighs nothing either way")
        }
        guard after <= 0.3 * until else { return nil }
        let fell = 1 - after / until
        return Measurement([fell], "signals fell \(EvidenceText.percent(fell)) after rollback \(rb.id) at \(rb.time.rfc3339)\(ran)")
    }
}
