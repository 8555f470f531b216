extension AnalysisInput {
    /// Gathers what the analysis needs about `incident` from `source`; `nil` when the incident is unknown.
    public static func gather(_ incident: String, from source: some AnalysisSource, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput? {
        guard let scope = try IncidentScope.resolve(incident, in: source, lookback: options.lookback) else { return nil }
        return try gather(scope, from: source, options: options)
    }

    /// Gathers the facts about the incident `scope` delimits.
    public static func gather(_ scope: IncidentScope, from source: some AnalysisSource, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        var input = AnalysisInput(incident: scope.incident, lifecycle: scope.lifecycle, services: scope.services)
        try input.readSignals(of: scope, from: source)
        input.signalVersions = top(input.signalVersions)
        input.lastSignalEnd = try source.lastSignalEnd(of: scope)
        input.firstAlert = try source.firstSignal(of: scope, kind: .alert, firingOnly: true)
        input.firstReport = try source.firstSignal(of: scope, kind: .report, firingOnly: false)

        guard let start = input.impactStart else { return input }
        // The correlator's reference: the crashes' onset when stray crashes came before it, unless an alert or a
        // report came earlier still (those are never background).
        if let crashes = input.signals.first(where: { $0.kind == .crash }), crashes.first == start {
            let end = min(crashes.last, start + .hours(3)) + Onset.bucket
            let declared = scope.lifecycle.first { $0.status == "declared" }?.time
            let detected = [input.firstAlert?.time, declared].compactMap { $0 }.min()
            let counts = try source.signalTimeline(of: scope, kind: .crash, from: start, to: end, bucket: Onset.bucket)
            if let rise = Onset.detect(counts, from: start, detected: detected) {
                let others = input.signals.filter { $0.kind != .crash }.map(\.first)
                input.onset = min(rise, others.min() ?? rise)
            }
        }
        if let resumed = try afterEarlierIncident(scope, from: source, start: start), resumed > (input.reference ?? start) {
            input.onset = resumed
        }
        let impact = input.reference ?? start
        // Where the impact began: the service of the earliest signal (a crash before an alert at the same instant).
        for kind in [EventKind.crash, .alert, .report] where input.signals.contains(where: { $0.kind == kind && $0.first == impact }) {
            input.impactService = kind == .alert ? input.firstAlert?.service : try source.firstSignal(of: scope, kind: kind, firingOnly: false)?.service
            if input.impactService != nil { break }
        }
        input.regionsBefore = [:]
        for c in try source.signalCounts(SignalQuery(services: scope.services, from: impact - .days(1), to: impact, byRegion: true)) {
            if let r = c.region { input.regionsBefore[r, default: 0] += c.occurrences }
        }
        input.upstream = ServiceGraph(edges: try source.catalogEdges(), from: scope.services)
        var gatherer = CandidateGatherer(source: source, scope: scope, input: input, impact: impact, options: options)
        input.candidates = try gatherer.candidates()
        let early = scope.lifecycle.map(\.time) + input.candidates.compactMap { $0.rollback?.time }
        if early.contains(where: { $0 < start }), let kind = input.signals.first(where: { $0.first == start })?.kind {
            input.firstSignal = try source.firstSignal(of: scope, kind: kind, firingOnly: false)
        }

        if !input.signalVersions.isEmpty && !scope.services.isEmpty {
            input.earlierDeploys = try source.deploys(
                on: scope.services + [Event.globalService], shipping: input.signalVersions.keys.sorted(),
                from: impact - options.latentWindow, before: impact - options.window)
        }
        return input
    }

    /// Reads the scope's signals: their summaries, their occurrences by version (overall and per service), by region
    /// and, for crashes, by region and service, and the blast radius they give. Returns their occurrences in all.
    @discardableResult
    mutating func readSignals(of scope: IncidentScope, from source: some AnalysisSource) throws -> Int {
        signals = try source.signalSummaries(of: scope).sorted { $0.kind < $1.kind }
        signalRegions = [:]
        var crashServices = Set<String>()
        var total = 0
        for c in try source.signalCounts(SignalQuery(scope: scope, byVersion: true, byRegion: true)) {
            total += c.occurrences
            if let v = c.version {
                signalVersions[v, default: 0] += c.occurrences
                serviceVersions[c.service, default: [:]][v, default: 0] += c.occurrences
            }
            if let r = c.region { signalRegions[r, default: 0] += c.occurrences }
            if c.kind == .crash {
                crashServices.insert(c.service)
                if let r = c.region { crashRegions[r, default: 0] += c.occurrences }
            }
        }
        let crashes = signals.first { $0.kind == .crash }
        blast = BlastRadius(
            hosts: crashes?.hosts ?? 0, crashes: crashes?.occurrences ?? 0, services: crashServices.sorted(), regions: crashRegions.keys.sorted())
        return total
    }

    /// When this incident's own signals began, if another incident on its services ended (mitigated, else
    /// resolved) after this one's first signal and before this one was declared: the signals before that end
    /// were the other incident's, so the first signal after it is what changes are judged against.
    static func afterEarlierIncident(_ scope: IncidentScope, from source: some AnalysisSource, start: Timestamp) throws -> Timestamp? {
        let declared = scope.lifecycle.first { $0.status == "declared" }?.time ?? scope.lifecycle.first?.time ?? start
        let others = try source.otherIncidents(on: scope.services, from: start - .days(1), through: declared, excluding: scope.incident)
        var end: Timestamp?
        for id in Set(others.compactMap(\.incident)).sorted() {
            let events = others.filter { $0.incident == id }
            guard !events.contains(where: { $0.status == "declared" && $0.time >= declared }),
                let ended = events.first(where: { $0.status == "mitigated" })?.time ?? events.first(where: { $0.status == "resolved" })?.time,
                ended > start, ended < declared
            else { continue }
            end = max(end ?? ended, ended)
        }
        guard let end else { return nil }
        // The first minute after that end with one of this incident's signals.
        let until = min(scope.windowEnd, end + .hours(3))
        var first: Timestamp?
        for kind in [EventKind.crash, .alert, .report] {
            let counts = try source.signalTimeline(of: scope, kind: kind, from: end, to: until, bucket: Onset.bucket)
            if let i = counts.firstIndex(where: { $0 > 0 }) {
                let t = end + TimeSpan(milliseconds: Int64(i) * Onset.bucket.milliseconds)
                first = min(first ?? t, t)
            }
        }
        return first
    }

    /// The versions most signals carry (candidates are looked up by them), at most `limit`.
    static func top(_ versions: [String: Int], limit: Int = 50) -> [String: Int] {
        guard versions.count > limit else { return versions }
        let kept = versions.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit)
        return Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
