import Hindsight

/// What can change an incident's analysis, as stored beside its summary: events on `services` between
/// `from` and `to` (the incident's services, those upstream of them in the catalog, and `*`), and the
/// changes and versions in `refs` (its candidates, their rollout steps, the versions its signals carry,
/// which a rollback, a late rollout step or an earlier deploy refers to).
struct SummaryWatch {
    var services: [String]
    var from: Int64
    var to: Int64
    var refs: [String]

    /// An open incident's watch has no end: its signals run to the latest event.
    static let open: Int64 = 1 << 62

    init(input: AnalysisInput, analysis a: IncidentAnalysis, options: AnalysisOptions) {
        services = Set(input.services + input.upstream.upstream + a.services + [Event.globalService]).sorted()
        var times = input.lifecycle.map(\.time) + a.signals.flatMap { [$0.first, $0.last] }
        times += [a.impactStart, a.detectedAt, a.firstExternalReportAt, a.mitigatedAt, a.resolvedAt, a.rollback?.time].compactMap { $0 }
        let earliest = times.min() ?? Timestamp(milliseconds: 0)
        let latest = times.max() ?? earliest
        // Before: the candidates' window, the cadence learnt before each, the rates around each, the lookback
        // for unlinked signals, and a day for clocks. After: the rates after a rollback, and a day.
        let day = TimeSpan.days(1).milliseconds
        let before = options.window.milliseconds + options.cadenceWindow.milliseconds + options.rateWindow.milliseconds + options.lookback.milliseconds + day
        from = earliest.milliseconds - before
        to = a.status == "resolved" ? latest.milliseconds + 2 * options.rateWindow.milliseconds + day : Self.open
        var refs = Set<String>()
        for c in a.candidates + [a.trigger, a.correlatorTrigger].compactMap({ $0 }) {
            refs.insert(IncidentRefs.change(c.change.id))
            for step in c.rolloutSteps { refs.insert(IncidentRefs.change(step.id)) }
            if let v = c.change.version { refs.insert(IncidentRefs.version(v)) }
        }
        for v in a.verdicts { refs.insert(IncidentRefs.change(v.change)) }
        for v in input.signalVersions.keys { refs.insert(IncidentRefs.version(v)) }
        if let l = a.latentChange {
            refs.insert(IncidentRefs.change(l.id))
            if let v = l.version { refs.insert(IncidentRefs.version(v)) }
        }
        self.refs = refs.sorted()
    }
}
