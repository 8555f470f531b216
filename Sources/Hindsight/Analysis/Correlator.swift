/// Ranks the changes before an incident and names the trigger only when evidence beyond timing supports it.
///
/// Evidence, each in plain words in the candidate's reasons (docs/correlator.md):
/// timing weighed by the service's change cadence (a one-off change minutes before onset on a quiet
/// service against one of many routine pushes), service match or catalog path, version contrast
/// (signals carrying the version it shipped against the share of the fleet that ran it before),
/// region contrast (where the signals were against how much of the fleet the regions it reached hold),
/// onset (signal rate before and after it, and at which step of a staged rollout), recovery after its
/// rollback ended. The trigger is the best-supported candidate of the whole ranking.
public struct Correlator: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) { self.options = options }

    /// The ranked candidates, the trigger (or the reason to abstain), and the latent deploy.
    public struct Result: Sendable, Equatable {
        public var candidates: [Candidate]
        public var trigger: Candidate?
        public var triggerFacts: CandidateFacts?
        public var abstention: String?
        public var latentChange: Event?
        public var latentReason: String?
    }

    /// What one candidate's evidence amounts to, for the decision over the whole ranking.
    struct Judgement {
        var candidate: Candidate
        var facts: CandidateFacts
        /// Evidence beyond timing and chance.
        var strong: Bool
        var versionCarried: Bool
        var recovered: Bool
    }

    public func rank(_ input: AnalysisInput) -> Result {
        guard let impact = input.reference else {
            return Result(candidates: [], abstention: "the incident has no signals, so there is no impact start to explain")
        }
        let latest = impact + options.clockSkew
        let eligible = input.candidates.filter { $0.change.time <= latest && $0.change.time >= impact - options.window }
        // The latest change on each service by impact start: only it can be a delayed effect's cause by timing.
        var latestOnService: [String: Timestamp] = [:]
        for f in eligible where f.change.time <= impact {
            latestOnService[f.change.service] = max(latestOnService[f.change.service] ?? f.change.time, f.change.time)
        }
        var judged = eligible.map { judge($0, impact: impact, input: input, latestOnItsService: latestOnService[$0.change.service] == $0.change.time) }
        judged.sort { a, b in
            if a.candidate.score != b.candidate.score { return a.candidate.score > b.candidate.score }
            if a.candidate.change.time != b.candidate.change.time { return a.candidate.change.time > b.candidate.change.time }
            return a.candidate.change.id < b.candidate.change.id
        }
        var result = Result(candidates: judged.map(\.candidate))
        guard !judged.isEmpty else {
            let upstream = input.upstream.paths.isEmpty ? "" : ", upstream of them"
            result.abstention = "no change in the \(options.window) before impact start on \(input.services.joined(separator: ", "))\(upstream) or globally"
            return result
        }
        // The trigger is the best-supported candidate, wherever it ranks on score alone.
        if let best = judged.firstIndex(where: \.strong) {
            let b = judged[best]
            if b.candidate.score >= options.minimumScore {
                judged.insert(judged.remove(at: best), at: 0)
                result.candidates = judged.map(\.candidate)
                result.trigger = b.candidate
                result.triggerFacts = b.facts
                (result.latentChange, result.latentReason) = latent(for: b.candidate.change, input: input)
            } else {
                result.abstention =
                    "no confident trigger: the best-supported candidate, \(b.candidate.change.id), "
                    + "scores \(Formatting.score(b.candidate.score)), below \(Formatting.score(options.minimumScore))"
            }
            return result
        }
        result.abstention = abstention(judged, impact: impact)
        return result
    }

    /// Why no candidate is named, in words true of every candidate.
    func abstention(_ judged: [Judgement], impact: Timestamp) -> String {
        var missing: [String] = []
        missing.append(
            judged.contains(where: \.versionCarried)
                ? "the versions the signals carry were already running before the impact"
                : "no signal carries a version one shipped")
        if !judged.contains(where: { $0.facts.rollback != nil }) {
            missing.append("none of them was rolled back")
        } else if !judged.contains(where: \.recovered) {
            missing.append("no rollback of one ended the impact")
        }
        missing.append("none reached only the regions that failed")
        let closest = judged.map(\.facts).max { ($0.change.time, $0.change.id) < ($1.change.time, $1.change.id) }!
        let c = closest.change
        var when = c.time <= impact ? "\(impact - c.time) before impact start" : "\(c.time - impact) after impact start, within the clock-skew tolerance"
        if let s = closest.series, s.count >= options.routineCount { when += ", one of \(Formatting.thousands(s.count)) routine changes like it" }
        return "no confident trigger: no change has evidence beyond timing and chance (\(Self.list(missing))); the closest, \(c.id), came \(when)"
    }

    func judge(_ f: CandidateFacts, impact: Timestamp, input: AnalysisInput, latestOnItsService: Bool = true) -> Judgement {
        let c = f.change
        var positive: [String] = []
        var negative: [String] = []
        var context: [String] = []
        let services = Set(input.services)

        // Timing: minutes beat days; a change recorded after impact start cannot be told apart by timing.
        let gap = impact - c.time
        let after = gap.milliseconds < 0
        let closeness = after ? 0.5 : 1 / (1 + Double(min(gap, impact - min(c.end ?? c.time, impact)).milliseconds) / 1_800_000)
        if let onset = input.onset, onset == impact, let start = input.impactStart, start < onset {
            context.append("the crashes rose at \(onset.rfc3339); the few before, from \(start.rfc3339), look like background")
        }
        if after {
            context.append(
                "recorded \(TimeSpan(milliseconds: -gap.milliseconds)) after impact start, within the \(options.clockSkew) "
                    + "clock-skew tolerance, so timing cannot tell it caused the impact")
        } else {
            context.append("impact began \(gap) after it")
        }

        // Lifecycle: one change with a status and a duration.
        let failed = c.status == "failed"
        if failed { negative.append("it failed (status failed), so it may never have reached the fleet") }
        if ChangeLifecycle.inProgress(c) { context.append("still in progress when last reported (status started)") }
        if let end = c.end, end > c.time { context.append("its rollout ran \(end - c.time), until \(end.rfc3339)") }
        if !AnalysisOptions.isProduction(c.environment) { context.append("in environment \(c.environment)") }

        // Service match, or where it sits upstream in the catalog.
        let serviceWeight: Double
        if services.contains(c.service) {
            serviceWeight = 1
            context.append("on the incident's service \(c.service)")
        } else if c.service == Event.globalService {
            serviceWeight = 0.8
            context.append("a global change ('*'), which reaches every service")
        } else if let path = f.upstreamPath {
            serviceWeight = 0.9 * (0..<max(path.count - 2, 0)).reduce(1.0) { r, _ in r * 0.75 }
            context.append("upstream of the incident in the service catalog: \(path.joined(separator: " → "))")
        } else {
            serviceWeight = 0.4
            negative.append("on \(c.service), not one of the incident's services")
        }

        // Cadence and chance: how often a change this close to onset happens anyway.
        // Chance is measured from when its rollout settled: a change still rolling out at onset is close to it.
        let settled = min(c.end.map { max($0, c.time) } ?? c.time, max(impact, c.time))
        let chance = chanceOf(f, gap: after ? gap : impact - settled)
        let routine = (f.series?.count ?? 0) >= options.routineCount
        if let s = f.series, routine {
            let every = TimeSpan(milliseconds: (s.last - s.first).milliseconds / Int64(max(s.count - 1, 1)))
            let who = s.actor ?? s.source
            context.append(
                "one of \(Formatting.thousands(s.count)) "
                    + "routine \(c.kind.rawValue)s on \(c.service)\(who.map { " by \($0)" } ?? "") in the \(options.cadenceWindow) "
                    + "before impact (about every \(every)), so one lands this close by chance \(Self.percent(chance)) of the time")
        } else if f.serviceChanges <= 1 && f.series != nil {
            context.append("the only change on \(c.service) in the \(options.cadenceWindow) before impact")
        } else if f.serviceChanges > 1 {
            context.append("one of \(f.serviceChanges) changes on \(c.service) in the \(options.cadenceWindow) before impact")
        }

        // Version contrast: the signals carrying what it shipped, against the fleet that ran it before.
        let versions = input.versions(on: c.service)
        let versioned = versions.values.reduce(0, +)
        var version = 0.0
        var versionNegative = 0.0
        var versionCarried = false
        var noContrast = false
        let onService = c.service == Event.globalService ? "the signals" : "the signals on \(c.service)"
        if versioned > 0, let v = c.version {
            let n = versions[v] ?? 0
            let share = Double(n) / Double(versioned)
            let carried =
                "\(Self.percent(share)) of \(onService) that name a version (\(Formatting.thousands(n)) "
                + "of \(Formatting.thousands(versioned))) carry version '\(v)' that it shipped"
            if n > 0 {
                versionCarried = true
                let before = f.versionsBeforeImpact.values.reduce(0, +)
                let e: Double
                let basis: String
                // How long the fleet had run it at that share without failing: a share reached a minute before
                // onset was never seen healthy, so it neither counts for nor against the change.
                var heldHealthy = options.rateWindow
                if before >= 5 {
                    e = Double(f.versionsBeforeImpact[v] ?? 0) / Double(before)
                    basis = "against \(Self.percent(e)) of them in the \(options.rateWindow) before impact start"
                } else {
                    // No signals to measure the fleet by: the exposure its rollout had when impact began.
                    e = exposure(f, at: impact)
                    let reached = f.rolloutSteps.last { $0.time <= impact }.map { $0.end.map { min($0, impact) } ?? $0.time } ?? c.time
                    heldHealthy = impact - max(reached, c.time)
                    basis =
                        e >= 0.995
                        ? "but it had reached the whole fleet \(heldHealthy) before impact start, so every signal carries it whatever the cause"
                        : "while it ran on about \(Self.percent(e)) of the fleet when impact began"
                }
                let lift = e < 1 ? max(0, (share - e) / (1 - e)) : 0
                if lift > 0.2 {
                    version = lift
                    positive.append("\(carried), \(basis)")
                } else if heldHealthy < Self.seenHealthy {
                    context.append("\(carried), but it reached the fleet only \(heldHealthy) before impact start, so the share cannot tell")
                } else {
                    noContrast = true
                    context.append("\(carried), \(basis)\(e < 0.995 ? ": no more than the fleet that ran it" : "")")
                }
            } else if c.kind == .deploy && (services.contains(c.service) || c.service == Event.globalService) {
                versionNegative = 0.5
                negative.append(
                    "none of the \(Formatting.thousands(versioned)) signals that name a version run '\(v)', " + "so the failing hosts were not running it")
            }
        }
        // A release or config change that switched on code an earlier deploy shipped.
        let rose = f.rateAfter > max(3 * f.rateBefore, 0.5)
        var latentSupport = false
        var latentVersion = false
        if version <= 0.2, c.kind == .release || c.kind == .config, rose, let (deploy, share) = bestDeploy(before: c, input: input) {
            // Several changes may precede the onset; the one it follows most closely, and least by routine, switched the code on.
            version = share * 0.9 * closeness * (f.series == nil ? 1 : 1 - chance)
            latentVersion = true
            // Any push of a busy series would have switched it on: only an unlikely one is singled out.
            latentSupport = version > 0.2 && (chance <= 0.1 || f.series == nil)
            positive.append(
                "\(Self.percent(share)) of the versioned signals run '\(deploy.version ?? "")', shipped earlier by \(deploy.id), "
                    + "which this \(c.kind.rawValue) switched on")
        }

        // Region contrast: where the signals were, against the fleet share of the regions it reached.
        var exposureEvidence = 0.0
        var exposureNegative = 0.0
        let reached = Set(f.rolloutSteps.filter { $0.time <= impact + options.clockSkew }.flatMap { $0.scope?.regions ?? [] })
        let total = input.signalRegions.values.reduce(0, +)
        if !reached.isEmpty, total > 0 {
            let inside = Double(input.signalRegions.filter { reached.contains($0.key) }.values.reduce(0, +)) / Double(total)
            let before = input.regionsBefore.values.reduce(0, +)
            let expected: Double
            let basis: String
            if before >= 5 {
                expected = Double(input.regionsBefore.filter { reached.contains($0.key) }.values.reduce(0, +)) / Double(before)
                basis = "which held \(Self.percent(expected)) of its services' signals in the day before"
            } else {
                let seen = Set(input.signalRegions.keys).union(input.regionsBefore.keys)
                expected = Double(seen.intersection(reached).count) / Double(max(seen.count, 1))
                basis = "\(seen.intersection(reached).count) of the \(seen.count) regions the signals came from"
            }
            let names = reached.sorted().joined(separator: ", ")
            if expected >= 0.95 {
                context.append("it reached every region its services' signals came from, so where they were cannot tell")
            } else if inside >= 0.8 {
                exposureEvidence = (inside - expected) / (1 - expected)
                positive.append(
                    "\(Self.percent(inside)) of the signals are in the regions it reached (\(names)), \(basis); "
                        + "the regions it did not reach stayed healthy")
            } else if inside < 0.5 {
                exposureNegative = 1 - inside
                negative.append("\(Self.percent(1 - inside)) of the signals are in regions it never reached")
            }
        }
        if let hosts = c.scope?.hosts, hosts > 0, input.blast.hosts > hosts * 2 {
            exposureNegative = max(exposureNegative, 0.5)
            negative.append("\(Formatting.thousands(input.blast.hosts)) hosts crashed but it reached only \(Formatting.thousands(hosts))")
        }

        // Onset, and at which step of a staged rollout it came.
        var onset = 0.0
        var onsetReason: String?
        if rose {
            onset = 1 - f.rateBefore / f.rateAfter
            onsetReason =
                "signals on the incident's services rose from \(Self.rate(f.rateBefore)) to \(Self.rate(f.rateAfter)) "
                + "in the \(options.rateWindow) after it"
        } else if !after {
            context.append("no rise in signals in the \(options.rateWindow) after it")
        }
        var staged = 0.0
        let steps = f.rolloutSteps
        if steps.count > 1, let k = steps.firstIndex(where: { $0.id == c.id }) {
            let path = steps.map { s in s.scope?.percent.map { "\(Formatting.decimal($0))%" } ?? s.scope?.ring ?? "?" }.joined(separator: " → ")
            context.append(
                "step \(k + 1) of \(steps.count) "
                    + "of a staged rollout of '\(c.version ?? "")' (\(path))\(c.scope?.percent.map { ", reaching \(Formatting.decimal($0))% of the fleet" } ?? "")"
            )
            let quiet = !f.stepRates.isEmpty && f.stepRates.allSatisfy { $0 <= max(0.2 * f.rateAfter, 0.5) }
            if k > 0, rose, !after, quiet, gap <= options.rateWindow {
                staged = 0.6
                positive.append("impact began at step \(k + 1) and not at the \(k) step\(k == 1 ? "" : "s") before it")
            }
            if let kept = steps.first(where: { $0.time > impact + options.clockSkew }) {
                context.append("the rollout kept going after impact start: \(kept.id) at \(kept.time.rfc3339), \(kept.time - impact) after impact began")
            }
        }

        // Recovery: judged after the rollback ended; a rollback after the signals stopped earns nothing.
        var recovery = 0.0
        var recoveryNegative = 0.0
        var recovered = false
        if let rb = f.rollback, let until = f.rateUntilRollback, let afterRollback = f.rateAfterRollback {
            let ended = rb.end.map { $0 > rb.time ? " (it ran until \($0.rfc3339))" : "" } ?? ""
            if let last = input.lastSignal, last < rb.time - Self.stoppedBefore {
                context.append(
                    "its rollback \(rb.id) began at \(rb.time.rfc3339), after the signals had stopped (last at \(last.rfc3339)), " + "so it proves nothing")
            } else if let justBefore = f.rateJustBeforeRollback, until > 0, justBefore <= 0.1 * until {
                context.append("signals had already fallen before its rollback \(rb.id) began at \(rb.time.rfc3339), so it proves nothing")
            } else if until > 0 && afterRollback <= until * 0.3 {
                recovery = 1 - afterRollback / until
                recovered = true
                positive.append("signals fell \(Self.percent(recovery)) after rollback \(rb.id) at \(rb.time.rfc3339)\(ended)")
            } else if until > 0 {
                recoveryNegative = 0.2
                negative.append("signals did not fall after its rollback \(rb.id)\(ended)")
            }
        }

        // A one-off change minutes before onset, on the service where the impact began: timing chance rarely explains.
        let whereImpactBegan = input.impactService.map { c.service == $0 } ?? true || c.service == Event.globalService || f.upstreamPath != nil
        let timingStrong =
            !after && !failed && rose && gap <= options.rateWindow && chance <= 0.05 && whereImpactBegan
            && versionNegative == 0 && exposureNegative == 0 && !noContrast
        // A delayed effect: the last change where the impact began, hours before it, on a service that rarely changes.
        let quiet = impact - settled
        let delayed =
            !timingStrong && !after && !failed && !rose && gap > options.rateWindow && quiet <= Self.delayedEffect
            && chance <= 0.05 && c.service == input.impactService && latestOnItsService
            && versionNegative == 0 && exposureNegative == 0 && !noContrast
        if timingStrong {
            positive.append("a change this close to onset comes by chance only \(Self.percent(chance)) of the time on \(c.service)")
        } else if delayed {
            positive.append(
                "the last change on \(c.service), where the impact began \(quiet) after it settled; "
                    + "a change lands that close by chance only \(Self.percent(chance)) of the time there")
        } else if !whereImpactBegan, let s = input.impactService, !after {
            context.append("the impact began on \(s), not on \(c.service)")
        }
        // Onset is the weakest positive evidence: every change just before an incident has it.
        if let onsetReason { positive.append(onsetReason) }

        let evidence = min(
            1,
            0.5 * version + 0.35 * exposureEvidence + 0.35 * recovery + 0.15 * onset + 0.3 * staged
                + 0.45 * (timingStrong ? 1 : 0) + 0.5 * (delayed ? 1 : 0))
        let penalty = 0.6 * versionNegative + 0.5 * exposureNegative + recoveryNegative + (failed ? 0.3 : 0)
        let prior = closeness * serviceWeight * (0.3 + 0.7 * (1 - chance))
        let score = min(1, max(0, 0.65 * evidence + 0.35 * prior - penalty))
        let contrast = (version > 0.2 && !latentVersion) || exposureEvidence > 0 || recovery > 0
        let strong = failed ? contrast : (contrast || latentSupport || staged > 0 || timingStrong || delayed)
        let rounded = (score * 100).rounded() / 100
        let candidate = Candidate(change: c, score: rounded, reasons: positive + context + negative, rolloutSteps: steps.count > 1 ? steps : [])
        return Judgement(candidate: candidate, facts: f, strong: strong, versionCarried: versionCarried, recovered: recovered)
    }

    /// How long code must have run before a config push counts as switching it on.
    static var dormantCode: TimeSpan { .days(1) }

    /// How long a fleet must have run a version before its share among failing hosts says anything.
    static var seenHealthy: TimeSpan { .minutes(10) }

    /// How long after a change settled its effect may still show, for a change judged by timing alone.
    static var delayedEffect: TimeSpan { .hours(6) }

    /// Signals that ended this long before a rollback began had stopped without it.
    static var stoppedBefore: TimeSpan { .minutes(15) }

    /// The chance that a change of its series lands within `gap` before any given onset.
    /// 1 when the cadence is unknown (facts built without a source).
    func chanceOf(_ f: CandidateFacts, gap: TimeSpan) -> Double {
        guard f.series != nil else { return 1 }
        let span = Double(max(gap.milliseconds < 0 ? -gap.milliseconds : gap.milliseconds, 60_000))
        let perMillisecond: Double
        if let s = f.series, s.count >= options.routineCount {
            perMillisecond = Double(s.count - 1) / Double(max((s.last - s.first).milliseconds, 60_000))
        } else {
            perMillisecond = Double(max(f.serviceChanges, f.series?.count ?? 1, 1)) / Double(options.cadenceWindow.milliseconds)
        }
        // x / (1 + x): the chance of at least one arrival, close to x when x is small, never above 1.
        let x = perMillisecond * span
        return x / (1 + x)
    }

    /// The share of the fleet (0–1) its rollout had reached at `t`: each step holds its `scope.percent`
    /// (100 without one: the cautious reading) from its time, ramping up from the step before until its `end`.
    func exposure(_ f: CandidateFacts, at t: Timestamp) -> Double {
        let steps = f.rolloutSteps.sorted { $0.time < $1.time }.filter { $0.time <= t }
        guard let step = steps.last else { return 0 }
        let p = min(max((step.scope?.percent ?? 100) / 100, 0), 1)
        guard let end = step.end, end > t else { return p }
        let previous = steps.count > 1 ? min(max((steps[steps.count - 2].scope?.percent ?? 100) / 100, 0), 1) : 0
        return previous + (p - previous) * Double((t - step.time).milliseconds) / Double(max((end - step.time).milliseconds, 1))
    }

    /// The deploy on the change's service, before it, whose version the most signals carry.
    /// Only a deploy that impact did not follow within the rate window is latent: one that
    /// impact followed at once is a trigger in its own right.
    func bestDeploy(before c: Event, input: AnalysisInput) -> (Event, Double)? {
        guard let impact = input.reference else { return nil }
        let deploys = input.earlierDeploys + input.candidates.map(\.change).filter { $0.kind == .deploy }
        var best: (Event, Double)?
        // A release switches on what any earlier deploy shipped; a config push, only code that had lain dormant for
        // more than a day (the deploy of the last hours is simply the version running).
        let dormant = c.kind == .release ? options.rateWindow : Self.dormantCode
        for d in deploys
        where d.time < c.time && d.time >= c.time - options.latentWindow
            && d.time <= impact - dormant
            && (d.service == c.service || c.service == Event.globalService)
        {
            let versions = input.versions(on: d.service)
            let versioned = versions.values.reduce(0, +)
            guard versioned > 0, let v = d.version, let n = versions[v], n > 0 else { continue }
            let share = Double(n) / Double(versioned)
            if share > (best?.1 ?? 0) || (share == best?.1 && d.time > best!.0.time) { best = (d, share) }
        }
        return best
    }

    /// A release or config trigger's latent change: the deploy that shipped what it switched on.
    func latent(for trigger: Event, input: AnalysisInput) -> (Event?, String?) {
        guard trigger.kind == .release || trigger.kind == .config else { return (nil, nil) }
        guard let (deploy, share) = bestDeploy(before: trigger, input: input) else { return (nil, nil) }
        let reason =
            "\(Self.percent(share)) of the versioned signals run '\(deploy.version ?? "")', which \(deploy.id) "
            + "deployed at \(deploy.time.rfc3339), \(trigger.time - deploy.time) before \(trigger.id) switched it on"
        return (deploy, reason)
    }

    static func list(_ parts: [String]) -> String {
        parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p >= 99.95 ? "100%" : (p >= 10 ? "\(Int(p.rounded()))%" : "\(Formatting.decimal((p * 10).rounded() / 10))%")
    }

    static func rate(_ perHour: Double) -> String { "\(Formatting.thousands(Int(perHour.rounded())))/h" }
}
