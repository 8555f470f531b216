/// Cadence: how often a change like this one happens on its service anyway. A routine push is one of many,
/// so any one of them is a priori unlikely to be the trigger and one lands close to any onset by chance; a
/// one-off change on a quiet service is rare. Values: `ln` of its series' count and of all changes on its
/// service in the cadence window (0 for the only one).
package struct CadenceRule: EvidenceRule {
    package init() {}

    package let name = "cadence"
    package let features = [
        EvidenceFeature("cadence.series", .against, "ln(changes of its series — service, kind, source, actor — in the cadence window)"),
        EvidenceFeature("cadence.service", .against, "ln(changes on its service in the cadence window)"),
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        guard let s = f.series else { return nil }
        let c = f.change
        let window = context.options.cadenceWindow
        let onService = c.service == Event.globalService ? "globally ('*')" : "on \(c.service)"
        let values = [LogMath.ln(Double(max(s.count, 1))), LogMath.ln(Double(max(f.serviceChanges, s.count, 1)))]
        let gap = c.time > context.reference ? c.time - context.reference : context.reference - context.settled(c)
        let chance = context.chance(f, gap: gap) ?? 1
        if s.count >= context.options.routineCount {
            let every = TimeSpan(milliseconds: (s.last - s.first).milliseconds / Int64(max(s.count - 1, 1)))
            let who = s.actor ?? s.source
            return Measurement(
                values,
                "one of \(Formatting.thousands(s.count)) routine \(c.kind.rawValue)s \(onService)\(who.map { " by \($0)" } ?? "") in the \(window) "
                    + "before \(context.referenceName) (about every \(every)), so one lands this close by chance \(EvidenceText.percent(chance)) of the time")
        }
        if max(f.serviceChanges, s.count) <= 1 {
            return Measurement(
                values,
                "the only change \(onService) in the \(window) before \(context.referenceName); "
                    + "a change lands this close by chance \(EvidenceText.percent(chance)) of the time there")
        }
        return Measurement(
            values,
            "one of \(f.serviceChanges) changes \(onService) in the \(window) before \(context.referenceName); "
                + "one lands this close by chance \(EvidenceText.percent(chance)) of the time there")
    }
}
