extension AnalysisInput {
    /// Gathers what the analysis needs about `incident` from `source`; `nil` when the incident is unknown.
    public static func gather(_ incident: String, from source: some AnalysisSource, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput? {
        guard let scope = try IncidentScope.resolve(incident, in: source, lookback: options.lookback) else { return nil }
        return try gather(scope, from: source, options: options)
    }

    /// Gathers the facts about the incident `scope` delimits.
    public static func gather(_ scope: IncidentScope, from source: some AnalysisSource, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        var input = AnalysisInput(incident: scope.incident, lifecycle: scope.lifecycle, services: scope.services)
        input.signals = try source.signalSummaries(of: scope).sorted { $0.kind < $1.kind }
        var crashServices = Set<String>()
        input.signalRegions = [:]
        for c in try source.signalCounts(SignalQuery(scope: scope, byVersion: true, byRegion: true)) {
            if let v = c.version {
                input.signalVersions[v, default: 0] += c.occurrences
                input.serviceVersions[c.service, default: [:]][v, default: 0] += c.occurrences
            }
            if let r = c.region { input.signalRegions[r, default: 0] += c.occurrences }
            if c.kind == .crash {
                crashServices.insert(c.service)
                if let r = c.region { input.crashRegions[r, default: 0] += c.occurrences }
            }
        }
        let crashes = input.signals.first { $0.kind == .crash }
        input.blast = BlastRadius(
            hosts: crashes?.hosts ?? 0, crashes: crashes?.occurrences ?? 0,
            services: crashServices.sorted(), regions: input.crashRegions.keys.sorted())
        input.signalVersions = top(input.signalVersions)
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

    /// The versions most signals carry (candidates are looked up by them), at most `limit`.
    static func top(_ versions: [String: Int], limit: Int = 50) -> [String: Int] {
        guard versions.count > limit else { return versions }
        let kept = versions.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit)
        return Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
