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
            signalsSince = try input.readSignals(of: scope, from: source)
            input.impactService = change.service
        }
        input.regionsBefore = [:]
        for c in try source.signalCounts(SignalQuery(services: services, from: first.time - options.regionWindow, to: first.time, byRegion: true)) {
            if let r = c.region { input.regionsBefore[r, default: 0] += c.occurrences }
        }

        // The baseline: the fleet's version mix and its signal rate before the first step.
        var versionsBefore: [String: Int] = [:]
        var baselineCount = 0
        var regionedBefore = 0
        for c in try source.signalCounts(
            SignalQuery(services: services, from: first.time - options.baselineWindow, to: first.time, byVersion: true, byRegion: true))
        {
            baselineCount += c.occurrences
            if let v = c.version { versionsBefore[v, default: 0] += c.occurrences }
            if c.region != nil { regionedBefore += c.occurrences }
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
        var exposedHours = 0.0
        for (i, s) in steps.enumerated() {
            let until = min(i + 1 < steps.count ? steps[i + 1].time : at, rollback.map { max($0.end ?? $0.time, $0.time) } ?? at, at)
            guard until > s.time else { continue }
            let share = min(max((s.scope?.percent ?? 100) / 100, 0), 1)
            exposedHours += share * Double((until - s.time).milliseconds) / 3_600_000
        }
        let expected = baselineRate * exposedHours
        let hours = Double((at - first.time).milliseconds) / 3_600_000
        let baselineHours = Double(options.baselineWindow.milliseconds) / 3_600_000
        // The rules read an incident's signals, which are nearly all impact. Here most are the service's usual
        // failures, so they read what came beyond the usual rate: on its version against the rest of the fleet, in
        // each region against that region's usual share.
        let usual = baselineRate * hours
        // The canary comparison's expectations: a service with no signal in the baseline window is taken to give half
        // one in it (so that thousands after a silent hour weigh, and a few do not weigh without limit).
        let modelRate = max(baselineRate, 0.5 / baselineHours)
        let usualM = modelRate * hours
        let expectedM = modelRate * exposedHours
        let whole = CanaryComparison(
            group: change.service, inGroup: signalsSince, expectedInGroup: usualM, expectedExposed: expectedM, outside: 0, expectedOutside: 0, hours: hours)
        var canary = whole
        let rawRegions = input.signalRegions
        let versionedShare = baselineCount > 0 ? Double(versionsBefore.values.reduce(0, +)) / Double(baselineCount) : 1
        var signalsOnIt = excess(signalsSince, over: usual)
        var onIt = change.service
        var byVersion = false
        // Signals name the versions deploys ship; a release or config change's version shows only when they carry it.
        let carriesVersions = change.kind == .deploy || change.version.map { input.signalVersions[$0] != nil } == true
        if let v = change.version, !input.signalVersions.isEmpty, carriesVersions {
            let others = input.signalVersions.filter { $0.key != v }
            let rawVersion = input.signalVersions[v] ?? 0
            let beyond = excess(others.values.reduce(0, +), over: (usual - expected) * versionedShare)
            signalsOnIt = excess(input.signalVersions[v] ?? 0, over: expected * versionedShare)
            var versions = spread(beyond, over: others)
            if signalsOnIt > 0 { versions[v] = signalsOnIt }
            // The hosts its version reached have a history of their own: when they failed before it reached them as
            // often as since (hosts already in trouble, which a canary happened to land on), that is their usual rate.
            let reached = try source.versionHosts(
                service: change.service, version: v, from: first.time, to: end, historyFrom: first.time - options.baselineWindow, historyTo: first.time)
            let own = Double(reached.historyOccurrences) * hours / baselineHours
            let inGroup = max(expectedM * versionedShare, own)
            canary = CanaryComparison(
                group: "version '\(v)'", inGroup: rawVersion, expectedInGroup: inGroup, expectedExposed: inGroup,
                outside: others.values.reduce(0, +), expectedOutside: max(usualM - expectedM, 0) * versionedShare, hours: hours,
                groupHosts: reached.hosts, groupHostsBefore: reached.historyOccurrences)
            input.signalVersions = versions
            input.serviceVersions = [change.service: versions]
            onIt = "version '\(v)'"
            byVersion = true
        }
        let regionsDay = input.regionsBefore.values.reduce(0, +)
        if !input.signalRegions.isEmpty, regionsDay >= 5, baselineCount > 0 {
            let regionedShare = Double(regionedBefore) / Double(baselineCount)
            for (r, n) in input.signalRegions {
                input.signalRegions[r] = excess(n, over: usual * regionedShare * Double(input.regionsBefore[r] ?? 0) / Double(regionsDay))
            }
            input.signalRegions = input.signalRegions.filter { $0.value > 0 }
        }
        if onIt == change.service, !exposure.regions.isEmpty, !input.signalRegions.isEmpty {
            signalsOnIt = exposure.regions.reduce(0) { $0 + (input.signalRegions[$1] ?? 0) }
            onIt = exposure.regions.joined(separator: ", ")
        }
        // Without versions, the regions it reached against the others, whether or not any came beyond its usual rate.
        if !byVersion, !exposure.regions.isEmpty, !rawRegions.isEmpty, regionsDay >= 5, baselineCount > 0 {
            let regioned = rawRegions.values.reduce(0, +)
            let reached = exposure.regions.reduce(0) { $0 + (rawRegions[$1] ?? 0) }
            let share = Double(exposure.regions.reduce(0) { $0 + (input.regionsBefore[$1] ?? 0) }) / Double(regionsDay)
            let regionedShare = Double(regionedBefore) / Double(baselineCount)
            // Where the signals name hosts and some fail far beyond their usual rate, those hosts are compared too: a
            // canary's few hosts do not drown in the usual failures of the rest of their region.
            let hot = try hostsStandingOut(
                on: change.service, in: exposure.regions, since: first.time, until: end, baselineFrom: first.time - options.baselineWindow, hours: hours,
                baselineHours: baselineHours, from: source)
            canary = CanaryComparison(
                group: exposure.regions.joined(separator: ", "), inGroup: reached, expectedInGroup: usualM * regionedShare * share,
                expectedExposed: expectedM * regionedShare, outside: regioned - reached, expectedOutside: usualM * regionedShare * (1 - share),
                hours: hours)
            if let hot, hot.inside + hot.outside >= Self.standOutHosts {
                canary.hostsInGroup = hot.inside
                canary.hostsOutside = hot.outside
            }
        }
        // A change on (nearly) the whole fleet reached everything: what came beyond the usual rate is on it.
        if exposure.percent >= 95, exposure.regions.isEmpty {
            signalsOnIt = excess(signalsSince, over: usual)
            onIt = change.service
            // Its version against the others still compares the span before it reached them all (when the fleet's
            // failures rose on both alike), if the rest would have given enough signals in it to say something.
            if !byVersion || canary.expectedOutside < options.minimumExpectedSignals { canary = whole }
        }
        return GuardFacts(
            asked: change, at: at, exposure: exposure, input: input, candidate: candidate, baselineRate: baselineRate,
            signalsSince: signalsSince, signalsOnIt: signalsOnIt, onIt: onIt, expectedSignals: expected, canary: canary)
    }

    /// The occurrences of `n` beyond what `expected` explains: more than two standard deviations of a Poisson count
    /// above it, so that the usual scatter of a busy service counts as nothing.
    static func excess(_ n: Int, over expected: Double) -> Int {
        let e = max(expected, 0)
        return max(0, n - Int((e + 2 * e.squareRoot()).rounded(.up)))
    }

    /// `total` shared out over `counts` in proportion to them (largest remainders first, ties by key); keys left with
    /// nothing are left out.
    static func spread(_ total: Int, over counts: [String: Int]) -> [String: Int] {
        let sum = counts.values.reduce(0, +)
        guard total > 0, sum > 0 else { return [:] }
        let exact = counts.map { (key: $0.key, share: Double(total) * Double($0.value) / Double(sum)) }
        var out = Dictionary(uniqueKeysWithValues: exact.map { ($0.key, Int($0.share.rounded(.down))) })
        var left = total - out.values.reduce(0, +)
        for e in exact.sorted(by: { ($0.share - $0.share.rounded(.down), $1.key) > ($1.share - $1.share.rounded(.down), $0.key) }) where left > 0 {
            out[e.key, default: 0] += 1
            left -= 1
        }
        return out.filter { $0.value > 0 }
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
