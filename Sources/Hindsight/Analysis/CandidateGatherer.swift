/// Asks the source for the facts around each candidate change, with each signal rate summed once.
struct CandidateGatherer<Source: AnalysisSource> {
    let source: Source
    let scope: IncidentScope
    let input: AnalysisInput
    let impact: Timestamp
    let options: AnalysisOptions
    var sums: [String: Int] = [:]

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
        let services = (scope.services + input.upstream.upstream + [Event.globalService]).sorted()
        let changes = try source.changes(on: Array(Set(services)).sorted(), from: impact - options.window, through: latest)
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
        return try chosen.reversed().map { c in
            var f = try facts(for: c)
            f.series = series.first { $0.contains(c) }
            f.serviceChanges = series.filter { $0.service == c.service }.reduce(0) { $0 + $1.count }
            f.upstreamPath = input.upstream.paths[c.service]
            return f
        }
    }

    mutating func facts(for c: Event) throws -> CandidateFacts {
        var raw = [c]
        if c.version != nil { raw = try source.rolloutSteps(of: c, limit: 100).filter { $0.environment == c.environment } }
        if !raw.contains(where: { $0.id == c.id }) { raw.append(c) }
        raw.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        let steps = ChangeLifecycle.merged(raw)
        let latest = impact + options.clockSkew
        let change = steps.last { $0.time <= latest } ?? c
        let t = change.time
        let window = options.rateWindow
        var f = CandidateFacts(change: change, rolloutSteps: steps)
        f.rateBefore = try rate(t - window, t)
        f.rateAfter = try rate(t, t + window)
        let earlier = steps.filter { $0.time < t }
        for (i, s) in earlier.enumerated() {
            f.stepRates.append(try rate(s.time, i + 1 < earlier.count ? earlier[i + 1].time : t))
        }
        if let rb = try source.rollbacks(reverting: raw.map(\.id)).first(where: { $0.time >= steps[0].time }) {
            f.rollback = rb
            let begin = rb.time, end = max(rb.end ?? rb.time, rb.time)
            f.rateUntilRollback = try rate(max(t, impact), begin)
            f.rateJustBeforeRollback = try rate(max(begin - .minutes(15), t), begin)
            f.rateAfterRollback = try rate(end, end + window)
        }
        if let v = change.version, v.isEmpty == false {
            let on = change.service == Event.globalService ? scope.services : [change.service]
            for count in try source.signalCounts(SignalQuery(services: on, from: impact - window, to: impact, byVersion: true)) {
                if let cv = count.version { f.versionsBeforeImpact[cv, default: 0] += count.occurrences }
            }
        }
        return f
    }

    /// Occurrences per hour of signals on the incident's services in `[from, to)`.
    mutating func rate(_ from: Timestamp, _ to: Timestamp) throws -> Double {
        guard to > from else { return 0 }
        let key = "\(from.milliseconds)-\(to.milliseconds)"
        let n: Int
        if let known = sums[key] {
            n = known
        } else {
            n = try source.signalCounts(SignalQuery(services: scope.services, from: from, to: to)).reduce(0) { $0 + $1.occurrences }
            sums[key] = n
        }
        return Double(n) / (Double((to - from).milliseconds) / 3_600_000)
    }
}
