extension GuardFacts {
    /// Gathers what is known about `change` as of `at` from `source`: its steps up to then, the signals on its service
    /// since its first step, the baseline before it, and the signal rates the rules compare. Nothing after `at` is read.
    public static func gather(_ change: Event, at: Timestamp, from source: some AnalysisSource, options: GuardOptions = GuardOptions()) throws
        -> GuardFacts
    {
        let steps = try rollout(of: change, at: at, from: source, options: options)
        let services = [change.service]
        let first = steps.first ?? change
        let latest = steps.last ?? change
        let scope = IncidentScope(
            incident: incidentID(for: first), lifecycle: [], services: services, windowStart: first.time, windowEnd: at, everySignal: true)
        var input = AnalysisInput(incident: scope.incident, lifecycle: [], services: services)
        let end = at + TimeSpan(milliseconds: 1)
        var signalsSince = 0
        if !steps.isEmpty {
            input.signals = try source.signalSummaries(of: scope).sorted { $0.kind < $1.kind }
            input.signalRegions = [:]
            var crashServices = Set<String>()
            for c in try source.signalCounts(SignalQuery(scope: scope, byVersion: true, byRegion: true)) {
                signalsSince += c.occurrences
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
                hosts: crashes?.hosts ?? 0, crashes: crashes?.occurrences ?? 0, services: crashServices.sorted(),
                regions: input.crashRegions.keys.sorted())
            input.impactService = change.service
        }
        input.regionsBefore = [:]
        for c in try source.signalCounts(SignalQuery(services: services, from: first.time - options.regionWindow, to: first.time, byRegion: true)) {
            if let r = c.region { input.regionsBefore[r, default: 0] += c.occurrences }
        }

        // The baseline: the fleet's version mix and its signal rate before the first step.
        var versionsBefore: [String: Int] = [:]
        var baselineCount = 0
        for c in try source.signalCounts(SignalQuery(services: services, from: first.time - options.baselineWindow, to: first.time, byVersion: true)) {
            baselineCount += c.occurrences
            if let v = c.version { versionsBefore[v, default: 0] += c.occurrences }
        }
        func count(_ from: Timestamp, _ to: Timestamp) throws -> Int {
            guard to > from else { return 0 }
            return try source.signalCounts(SignalQuery(services: services, from: from, to: to)).reduce(0) { $0 + $1.occurrences }
        }
        func rate(_ from: Timestamp, _ to: Timestamp) throws -> Double {
            let to = min(to, end)
            guard to > from else { return 0 }
            return Double(try count(from, to)) / (Double((to - from).milliseconds) / 3_600_000)
        }
        let hourRate = Double(baselineCount) / (Double(options.baselineWindow.milliseconds) / 3_600_000)
        let baselineRate = max(hourRate, try rate(first.time - options.recentWindow, first.time))

        let window = options.analysis.rateWindow
        var candidate = CandidateFacts(
            change: latest, rolloutSteps: steps.isEmpty ? [change] : steps, rateBefore: baselineRate,
            rateAfter: steps.isEmpty ? 0 : try rate(max(latest.time, at - window), end), versionsBeforeImpact: versionsBefore)
        let earlier = steps.filter { $0.time < latest.time }
        for (i, s) in earlier.enumerated() {
            candidate.stepRates.append(try rate(s.time, i + 1 < earlier.count ? earlier[i + 1].time : latest.time))
        }
        let rollback = try source.rollbacks(reverting: steps.map(\.id)).first { $0.time >= first.time && $0.time <= at }
        if let rb = rollback {
            let rbEnd = max(rb.end ?? rb.time, rb.time)
            candidate.rollback = rb
            candidate.rateUntilRollback = try rate(latest.time, rb.time)
            candidate.rateJustBeforeRollback = try rate(max(rb.time - .minutes(15), latest.time), rb.time)
            if at > rbEnd { candidate.rateAfterRollback = try rate(rbEnd, min(rbEnd + window, end)) }
        }
        input.candidates = [candidate]

        let exposure = Self.exposure(steps, rollback: rollback, at: at)
        // What the exposed part would have produced at the baseline rate: each step's share over its span.
        var expected = 0.0
        for (i, s) in steps.enumerated() {
            let until = min(i + 1 < steps.count ? steps[i + 1].time : at, rollback.map { max($0.end ?? $0.time, $0.time) } ?? at, at)
            guard until > s.time else { continue }
            let share = min(max((s.scope?.percent ?? 100) / 100, 0), 1)
            expected += baselineRate * share * Double((until - s.time).milliseconds) / 3_600_000
        }
        var signalsOnIt = signalsSince
        var onIt = change.service
        if let v = change.version, !input.signalVersions.isEmpty {
            signalsOnIt = input.signalVersions[v] ?? 0
            onIt = "version '\(v)'"
        } else if !exposure.regions.isEmpty, !input.signalRegions.isEmpty {
            signalsOnIt = exposure.regions.reduce(0) { $0 + (input.signalRegions[$1] ?? 0) }
            onIt = exposure.regions.joined(separator: ", ")
        }
        return GuardFacts(
            asked: change, at: at, exposure: exposure, input: input, candidate: candidate, baselineRate: baselineRate,
            signalsSince: signalsSince, signalsOnIt: signalsOnIt, onIt: onIt, expectedSignals: expected)
    }

    /// The steps of the rollout `change` belongs to (same service, kind, version and environment, within the rollout span
    /// of it) that had begun by `at`, the stages of each merged, oldest first; empty when none had.
    static func rollout(of change: Event, at: Timestamp, from source: some AnalysisSource, options: GuardOptions) throws -> [Event] {
        var raw = [change]
        if change.version != nil {
            raw = try source.rolloutSteps(of: change, limit: 500).filter {
                $0.environment == change.environment && $0.time >= change.time - options.rolloutSpan && $0.time <= change.time + options.rolloutSpan
            }
            if !raw.contains(where: { $0.id == change.id }) { raw.append(change) }
        }
        raw = raw.filter { $0.time <= at }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        return ChangeLifecycle.merged(raw)
    }

    /// What the steps had exposed at `at`: the latest step's share, ramping from the one before until its `end`.
    static func exposure(_ steps: [Event], rollback: Event?, at: Timestamp) -> GuardExposure {
        func share(_ e: Event) -> Double { min(max(e.scope?.percent ?? 100, 0), 100) }
        var percent = 0.0
        if let step = steps.last {
            percent = share(step)
            if let end = step.end, end > at, at > step.time {
                let previous = steps.count > 1 ? share(steps[steps.count - 2]) : 0
                percent = previous + (percent - previous) * Double((at - step.time).milliseconds) / Double((end - step.time).milliseconds)
            }
        }
        if let rb = rollback, max(rb.end ?? rb.time, rb.time) <= at { percent = 0 }
        let perHost = Set(steps.compactMap(\.host))
        let hosts = steps.compactMap { $0.scope?.hosts }.max() ?? (perHost.isEmpty ? nil : perHost.count)
        return GuardExposure(
            steps: steps, percent: percent, percentRecorded: steps.contains { $0.scope?.percent != nil },
            regions: Set(steps.flatMap { $0.scope?.regions ?? [] }).sorted(), hosts: hosts, ring: steps.last?.scope?.ring, rollback: rollback)
    }
}
