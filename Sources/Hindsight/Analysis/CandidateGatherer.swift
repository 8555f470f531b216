/// Asks the source for the facts around each candidate change, with each signal rate summed once.
struct CandidateGatherer<Source: AnalysisSource> {
    let source: Source
    let scope: IncidentScope
    let input: AnalysisInput
    let impact: Timestamp
    let options: AnalysisOptions
    /// Prepared rate boundaries (milliseconds, sorted) and the signals summed from each to the next.
    var points: [Int64] = []
    var pieces: [Int64: Double] = [:]

    init(source: Source, scope: IncidentScope, input: AnalysisInput, impact: Timestamp, options: AnalysisOptions) {
        self.source = source
        self.scope = scope
        self.input = input
        self.impact = impact
        self.options = options
    }

    /// The most recent changes of one series before impact that are candidates; older members of a
    /// routine series are the same push again, unless the signals carry their version.
    static var perSeries: Int { 3 }

    mutating func candidates() throws -> [CandidateFacts] {
        let latest = impact + options.clockSkew
        let services = Array(Set(scope.services + input.upstream.upstream + [Event.globalService])).sorted()
        let changes = try source.changes(on: services, from: impact - options.window, through: latest)
            .filter { options.considers(environment: $0.environment) }
        // One candidate per rollout (service, kind, version), judged at its latest step by impact start.
        var groups: [String: Event] = [:]
        for c in changes {
            let key = c.version.map { "\(c.service)\u{1F}\(c.kind.rawValue)\u{1F}\($0)" } ?? "id\u{1F}\(c.id)"
            if let known = groups[key], (known.time, known.id) > (c.time, c.id) { continue }
            groups[key] = c
        }
        let cadenceFrom = impact - options.cadenceWindow
        let series = try source.changeSeries(on: Array(Set(groups.values.map(\.service))).sorted(), from: cadenceFrom, through: latest)
        var chosen = groups.values.sorted { ($0.time, $0.id) > ($1.time, $1.id) }
        var perSeries: [Int: Int] = [:]
        chosen = chosen.filter { c in
            guard let i = series.firstIndex(where: { $0.contains(c) }), series[i].count >= options.routineCount else { return true }
            perSeries[i, default: 0] += 1
            let carried = c.version.map { (input.versions(on: c.service)[$0] ?? 0) > 0 } ?? false
            return perSeries[i]! <= Self.perSeries || carried
        }
        // Changes after the reference that may have fixed a candidate forward (never candidates themselves).
        let later =
            try source.changes(on: services, from: latest, through: max(scope.windowEnd, latest))
            .filter { $0.kind != .rollback && $0.time > latest && options.considers(environment: $0.environment) }
        // The versions the signals carried in the window before impact, and the rollbacks of the candidates' rollouts,
        // each read for many candidates at once.
        let onServices = Set(chosen.flatMap { $0.service == Event.globalService ? scope.services : [$0.service] })
        let beforeImpact =
            onServices.isEmpty
            ? [] : try source.signalCounts(SignalQuery(services: onServices.sorted(), from: impact - options.rateWindow, to: impact, byVersion: true))
        let oldestFirst = Array(chosen.reversed())
        let rollouts = try zip(oldestFirst, source.rolloutSteps(of: oldestFirst, limit: 100)).map { try rollout(of: $0, steps: $1) }
        let rollbacks = try rollbacks(of: rollouts.map(\.raw))
        // Every rate window of every candidate is cut at all their boundaries and each piece summed once:
        // overlapping windows over a million signals read them once, not once per window.
        var plans = try rollouts.indices.map { try plan(for: rollouts[$0], rollbacks: rollbacks[$0], beforeImpact: beforeImpact) }
        let timeline = (changes + later).filter { $0.kind != .rollback }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        for i in plans.indices {
            try supersede(&plans[i], timeline: timeline)
            let s = series.first { $0.contains(plans[i].change) }
            plans[i].fix = fixForward(for: plans[i], before: changes, after: later, routine: (s?.count ?? 0) >= options.routineCount)
            if let fix = plans[i].fix {
                let end = max(fix.end ?? fix.time, fix.time)
                plans[i].boundaries += [
                    max(impact, plans[i].change.time), max(fix.time - RecoveryRule.stoppedBefore, impact), fix.time, end, end + options.rateWindow,
                ]
            }
        }
        try prepare(plans.flatMap(\.boundaries))
        let hostsReached = try source.hostsReached(by: plans.map(\.change), through: latest)
        return try zip(plans, hostsReached).map { p, reached in
            var f = facts(p)
            f.series = series.first { $0.contains(p.change) }
            f.serviceChanges = series.filter { $0.service == p.change.service }.reduce(0) { $0 + $1.count }
            f.upstreamPath = input.upstream.paths[p.change.service]
            if f.upstreamPath != nil {
                // Whether its own service failed after it: the path down to the incident then carries the failure.
                let t = p.change.time
                let window = options.rateWindow
                func own(_ from: Timestamp, _ to: Timestamp) throws -> Double {
                    let n = try source.signalCounts(SignalQuery(services: [p.change.service], from: from, to: to)).reduce(0) { $0 + $1.occurrences }
                    return Double(n) / (Double(window.milliseconds) / 3_600_000)
                }
                f.ownRateBefore = try own(t - window, t)
                f.ownRateAfter = try own(t, t + window)
            }
            if p.change.service != Event.globalService, reached > 0 {
                f.hosts = try source.hostReach(
                    of: p.change, reached: reached, through: latest, scope: scope, failingFrom: impact, fleetSince: impact - options.cadenceWindow)
            }
            return f
        }
    }

    /// A candidate's rollout, rollback and versions before impact, before any rate is summed.
    struct Plan {
        var change: Event
        var steps: [Event]
        var rollback: Event?
        var fix: Event?
        var reapplies: Event?
        var replacedBy: Event?
        var supersededBy: Event?
        var afterSuperseded: VersionShare?
        var versionsBeforeImpact: [String: Int]
        var boundaries: [Timestamp]
    }

    /// A candidate's rollout: its steps (the same service, kind and version), less those before another version
    /// replaced it, which it then re-applies.
    struct Rollout {
        var change: Event
        var raw: [Event]
        var reapplies: Event?
        var replacedBy: Event?
    }

    /// The most ids one read of rollbacks names.
    static var idsPerRead: Int { 1_000 }

    /// `steps`: the source's `rolloutSteps` of `c`.
    func rollout(of c: Event, steps: [Event]) throws -> Rollout {
        var raw = [c]
        if c.version != nil { raw = steps.filter { $0.environment == c.environment } }
        if !raw.contains(where: { $0.id == c.id }) { raw.append(c) }
        raw.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        var reapplies: Event?
        var replacedBy: Event?
        // A version that another one replaced and that is now applied again: the new application is a change of its own.
        if let first = raw.first, first.time < c.time, let newer = try source.previousVersion(of: c, after: first.time, before: c.time) {
            reapplies = raw.last { $0.time < newer.time }
            replacedBy = newer
            raw = raw.filter { $0.time > newer.time }
        }
        return Rollout(change: c, raw: raw, reapplies: reapplies, replacedBy: replacedBy)
    }

    /// The rollbacks of each of `rollouts` (reverting one of its steps), oldest first: one read for as many rollouts
    /// as fit in `idsPerRead` ids, each rollout's rollbacks from one read.
    func rollbacks(of rollouts: [[Event]]) throws -> [[Event]] {
        var found: [[Event]] = []
        var start = 0
        while start < rollouts.count {
            var end = start
            var ids = 0
            while end < rollouts.count, end == start || ids + rollouts[end].count <= Self.idsPerRead {
                ids += rollouts[end].count
                end += 1
            }
            let read = try source.rollbacks(reverting: Set(rollouts[start..<end].flatMap { $0.map(\.id) }).sorted())
            for raw in rollouts[start..<end] {
                let own = Set(raw.map(\.id))
                found.append(read.filter { $0.reverts.map(own.contains) == true })
            }
            start = end
        }
        return found
    }

    /// `beforeImpact`: the signal counts by service and version in the rate window before impact, on every candidate's
    /// service; `rollbacks`: those of the rollout's steps, oldest first.
    func plan(for rollout: Rollout, rollbacks: [Event], beforeImpact: [SignalCount]) throws -> Plan {
        let (c, raw, reapplies, replacedBy) = (rollout.change, rollout.raw, rollout.reapplies, rollout.replacedBy)
        let steps = ChangeLifecycle.merged(raw)
        let change = steps.last { $0.time <= impact + options.clockSkew } ?? c
        let t = change.time
        let window = options.rateWindow
        var p = Plan(
            change: change, steps: steps, reapplies: reapplies, replacedBy: replacedBy, versionsBeforeImpact: [:], boundaries: [t - window, t, t + window])
        p.boundaries += steps.filter { $0.time < t }.map(\.time)
        if let rb = rollbacks.first(where: { $0.time >= steps[0].time }) {
            p.rollback = rb
            let end = max(rb.end ?? rb.time, rb.time)
            p.boundaries += [max(t, impact), max(rb.time - RecoveryRule.stoppedBefore, t), rb.time, end, end + window]
        }
        if let v = change.version, !v.isEmpty {
            let on = change.service == Event.globalService ? scope.services : [change.service]
            for count in beforeImpact where on.contains(count.service) {
                if let cv = count.version { p.versionsBeforeImpact[cv, default: 0] += count.occurrences }
            }
        }
        return p
    }

    /// The first later change that replaced `p`'s version (same service and kind, another version), and when it came
    /// after the reference while signals still came, the versions the signals on its service carried from then on.
    func supersede(_ p: inout Plan, timeline: [Event]) throws {
        let c = p.change
        guard let v = c.version, !v.isEmpty else { return }
        let newer = timeline.first { e in
            e.service == c.service && e.kind == c.kind && e.time > c.time && e.version != nil && e.version != v && !p.steps.contains { $0.id == e.id }
        }
        p.supersededBy = newer
        guard let newer, newer.time > impact, let last = input.lastSignal, newer.time < last, !input.versions(on: c.service).isEmpty else { return }
        let on = c.service == Event.globalService ? scope.services : [c.service]
        let from = max(newer.end ?? newer.time, newer.time)
        p.afterSuperseded = try source.versionShare(of: v, on: on, from: from, to: scope.windowEnd + TimeSpan(milliseconds: 1))
    }

    /// The later change that may have fixed `p`'s change forward: on the same target (service, kind, `labels.target`),
    /// made while the signals still came, the last such before they stopped (the next one, for a configuration
    /// change that names no key) — when `p`'s change was the one in force on that target at the reference time.
    /// A routine series pushing again is not a fix.
    func fixForward(for p: Plan, before: [Event], after: [Event], routine: Bool) -> Event? {
        let c = p.change
        // A flag switched again is a fix even with the same version (a release's version names the flag); another
        // step of a rollout is not.
        func sameTarget(_ e: Event) -> Bool {
            e.service == c.service && e.kind == c.kind && e.id != c.id && e.changeTarget == c.changeTarget
                && (e.version != c.version || c.kind == .release)
        }
        // Superseded before the reference: whatever fixed the target later fixed the newer change.
        if before.contains(where: { sameTarget($0) && $0.time > c.time }) { return nil }
        guard let last = input.lastSignal else { return nil }
        func fixes(_ e: Event) -> Bool { e.time <= last && !(routine && e.source == c.source && e.actor == c.actor) }
        // A configuration change that names no key may share none with a later one: only the next configuration
        // change on its service can have undone it; one after that changed whatever the next one left.
        if c.kind == .config && c.changeTarget == nil {
            guard let next = after.first(where: sameTarget), fixes(next) else { return nil }
            return next
        }
        return after.last { sameTarget($0) && fixes($0) }
    }

    func facts(_ p: Plan) -> CandidateFacts {
        let t = p.change.time
        let window = options.rateWindow
        var f = CandidateFacts(change: p.change, rolloutSteps: p.steps, rateBefore: rate(t - window, t), rateAfter: rate(t, t + window))
        let earlier = p.steps.filter { $0.time < t }
        for (i, s) in earlier.enumerated() {
            f.stepRates.append(rate(s.time, i + 1 < earlier.count ? earlier[i + 1].time : t))
        }
        if let rb = p.rollback {
            f.rollback = rb
            let end = max(rb.end ?? rb.time, rb.time)
            f.rateUntilRollback = rate(max(t, impact), rb.time)
            f.rateJustBeforeRollback = rate(max(rb.time - RecoveryRule.stoppedBefore, t), rb.time)
            f.rateAfterRollback = rate(end, end + window)
        }
        if let fix = p.fix {
            f.fixForward = fix
            let end = max(fix.end ?? fix.time, fix.time)
            f.rateUntilFix = rate(max(t, impact), fix.time)
            f.rateJustBeforeFix = rate(max(fix.time - RecoveryRule.stoppedBefore, impact), fix.time)
            f.rateAfterFix = rate(end, end + window)
        }
        f.reapplies = p.reapplies
        f.replacedBy = p.replacedBy
        f.supersededBy = p.supersededBy
        f.afterSuperseded = p.afterSuperseded
        f.versionsBeforeImpact = p.versionsBeforeImpact
        return f
    }

    /// Sums the signals on the incident's services between each pair of consecutive `boundaries`, an aggregate that
    /// covers a range (`end`) spread over it.
    mutating func prepare(_ boundaries: [Timestamp]) throws {
        points = Set(boundaries.map(\.milliseconds)).sorted()
        let times = points.map(Timestamp.init(milliseconds:))
        let spread = try source.signalSpread(on: scope.services, boundaries: times)
        let occurrences = try source.signalOccurrences(on: scope.services, between: times)
        for (i, a) in points.dropLast().enumerated() {
            let counted = occurrences[i]
            // A millionth of an occurrence: SQL and memory add the spread in different orders, and the same events
            // must give the same facts (and the same analysis) from either source.
            let piece = Double(counted) + (i < spread.count ? spread[i] : 0)
            pieces[a] = max((piece * 1_000_000).rounded() / 1_000_000, 0)
        }
    }

    /// Occurrences per hour of signals on the incident's services in `[from, to)`, both prepared boundaries.
    func rate(_ from: Timestamp, _ to: Timestamp) -> Double {
        guard to > from else { return 0 }
        let n = points.filter { $0 >= from.milliseconds && $0 < to.milliseconds }.reduce(0.0) { $0 + (pieces[$1] ?? 0) }
        return n / (Double((to - from).milliseconds) / 3_600_000)
    }
}
