/// Ranks the changes before an incident and names the trigger only when real evidence supports it.
///
/// Evidence, each in plain words in the candidate's reasons:
/// timing (minutes beat days), service match, version carried by the signals, exposure
/// (regions and share of the fleet the change reached against where crashes happened),
/// onset (signal rate before vs after the change), recovery (signals stop after its rollback).
/// Timing and onset alone never make a trigger: every change just before an incident has them.
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

    public func rank(_ input: AnalysisInput) -> Result {
        guard let impact = input.impactStart else {
            return Result(candidates: [], abstention: "the incident has no signals, so there is no impact start to explain")
        }
        let services = Set(input.services)
        let latest = impact + options.clockSkew
        let eligible = input.candidates.filter { $0.change.time <= latest && $0.change.time >= impact - options.window }
        // A staged rollout is judged at the step that reached the fleet when impact began.
        var groups: [String: [CandidateFacts]] = [:]
        var order: [String] = []
        for f in eligible {
            let key = f.change.version.map { "\(f.change.service)\u{1F}\(f.change.kind.rawValue)\u{1F}\($0)" } ?? "id\u{1F}\(f.change.id)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(f)
        }
        var scored: [(Candidate, CandidateFacts, strong: Bool)] = []
        for key in order {
            guard let chosen = groups[key]!.max(by: { ($0.change.time, $0.change.id) < ($1.change.time, $1.change.id) }) else { continue }
            let (candidate, strong) = score(chosen, impact: impact, services: services, input: input)
            scored.append((candidate, chosen, strong))
        }
        scored.sort { a, b in
            if a.0.score != b.0.score { return a.0.score > b.0.score }
            if a.0.change.time != b.0.change.time { return a.0.change.time > b.0.change.time }
            return a.0.change.id < b.0.change.id
        }
        var result = Result(candidates: scored.map(\.0))
        guard let best = scored.first else {
            result.abstention = "no change in the \(options.window) before impact start on \(input.services.joined(separator: ", ")) or globally"
            return result
        }
        if best.strong && best.0.score >= options.minimumScore {
            result.trigger = best.0
            result.triggerFacts = best.1
            (result.latentChange, result.latentReason) = latent(for: best.0.change, input: input)
        } else if !best.strong {
            let closest = scored.map(\.0.change).max { ($0.time, $0.id) < ($1.time, $1.id) }!
            result.abstention = "no confident trigger: no change has evidence beyond timing (no signal carries a version one shipped, no rollback of one ended the impact, and none reached only the regions that failed); the closest, \(closest.id), came " + (closest.time <= impact ? "\(impact - closest.time) before impact start" : "\(closest.time - impact) after impact start, within the clock-skew tolerance")
        } else {
            result.abstention = "no confident trigger: the best candidate, \(best.0.change.id), scores \(Formatting.score(best.0.score)), below \(Formatting.score(options.minimumScore))"
        }
        return result
    }

    func score(_ f: CandidateFacts, impact: Timestamp, services: Set<String>, input: AnalysisInput) -> (Candidate, strong: Bool) {
        let c = f.change
        var positive: [String] = []
        var negative: [String] = []
        var context: [String] = []

        // Timing: minutes beat days.
        let gap = impact - c.time
        let timing = 1 / (1 + Double(max(gap.milliseconds, 0)) / 1_800_000)
        if gap.milliseconds >= 0 {
            context.append("impact began \(gap) after it")
        } else {
            context.append("recorded \(TimeSpan(milliseconds: -gap.milliseconds)) after impact start, within the \(options.clockSkew) clock-skew tolerance")
        }

        // Service match.
        let serviceWeight: Double
        if services.contains(c.service) {
            serviceWeight = 1
            context.append("on the incident's service \(c.service)")
        } else if c.service == Event.globalService {
            serviceWeight = 0.8
            context.append("a global change ('*'), which reaches every service")
        } else {
            serviceWeight = 0.4
            negative.append("on \(c.service), not one of the incident's services")
        }

        // Version carried by the signals.
        let versioned = input.signalVersions.values.reduce(0, +)
        var version = 0.0
        var versionNegative = 0.0
        if versioned > 0, let v = c.version {
            let share = Double(input.signalVersions[v] ?? 0) / Double(versioned)
            if share > 0 {
                version = share
                positive.append("\(Self.percent(share)) of the signals that name a version (\(Formatting.thousands(input.signalVersions[v] ?? 0)) of \(Formatting.thousands(versioned))) carry version '\(v)' that it shipped")
            } else if c.kind == .deploy && (services.contains(c.service) || c.service == Event.globalService) {
                versionNegative = 0.5
                negative.append("none of the \(Formatting.thousands(versioned)) signals that name a version run '\(v)', so the failing hosts were not running it")
            }
        }
        // A release or config change that switched on code an earlier deploy shipped.
        let rose = f.rateAfter > max(3 * f.rateBefore, 0.5)
        if version == 0, c.kind == .release || c.kind == .config, versioned > 0, rose {
            if let (deploy, share) = bestDeploy(before: c, input: input) {
                // Several changes may precede the onset; the one it follows most closely switched the code on.
                version = share * 0.9 * timing
                positive.append("\(Self.percent(share)) of the versioned signals run '\(deploy.version ?? "")', shipped earlier by \(deploy.id), which this \(c.kind.rawValue) switched on")
            }
        }

        // Exposure: where the change reached against where the crashes were.
        var exposure = 0.0
        var exposureNegative = 0.0
        let crashTotal = input.crashRegions.values.reduce(0, +)
        if let regions = c.scope?.regions, !regions.isEmpty, crashTotal > 0 {
            let inside = regions.reduce(0) { $0 + (input.crashRegions[$1] ?? 0) }
            let share = Double(inside) / Double(crashTotal)
            if share >= 0.8 && f.unexposedRegionsSeen == false {
                context.append("it reached every region its services run in, so where the crashes were cannot tell")
            } else if share >= 0.8 {
                exposure = share
                positive.append("\(Self.percent(share)) of crashes are in the regions it reached (\(regions.joined(separator: ", "))), while regions it did not reach stayed healthy")
            } else if share < 0.5 {
                exposureNegative = 1 - share
                negative.append("\(Self.percent(1 - share)) of crashes are in regions it never reached")
            }
        }
        if let hosts = c.scope?.hosts, hosts > 0, input.blast.hosts > hosts * 2 {
            exposureNegative = max(exposureNegative, 0.5)
            negative.append("\(Formatting.thousands(input.blast.hosts)) hosts crashed but it reached only \(Formatting.thousands(hosts))")
        }

        // Onset: the signal rate before and after it.
        var onset = 0.0
        var onsetReason: String?
        if rose {
            onset = 1 - f.rateBefore / f.rateAfter
            onsetReason = ("signals on its services rose from \(Self.rate(f.rateBefore)) to \(Self.rate(f.rateAfter)) in the \(options.rateWindow) after it")
        } else if gap.milliseconds >= 0 {
            context.append("no rise in signals in the \(options.rateWindow) after it")
        }

        // Recovery: the signals stop after its rollback.
        var recovery = 0.0
        var recoveryNegative = 0.0
        if let rb = f.rollback, let until = f.rateUntilRollback, let after = f.rateAfterRollback {
            if until > 0 && after <= until * 0.3 {
                recovery = 1 - after / until
                positive.append("signals fell \(Self.percent(recovery)) after rollback \(rb.id) at \(rb.time.rfc3339)")
            } else if until > 0 {
                recoveryNegative = 0.2
                negative.append("signals did not fall after its rollback \(rb.id)")
            }
        }
        // Onset is the weakest positive evidence: every change just before an incident has it.
        if let onsetReason { positive.append(onsetReason) }
        if f.rolloutSteps.count > 1, let i = f.rolloutSteps.firstIndex(where: { $0.id == c.id }) {
            context.append("step \(i + 1) of \(f.rolloutSteps.count) of a staged rollout of '\(c.version ?? "")'\(c.scope?.percent.map { ", reaching \(Formatting.decimal($0))% of the fleet" } ?? "")")
        }

        let evidence = min(1, 0.5 * version + 0.35 * exposure + 0.35 * recovery + 0.15 * onset)
        let penalty = 0.6 * versionNegative + 0.5 * exposureNegative + recoveryNegative
        let prior = timing * serviceWeight
        let score = min(1, max(0, 0.65 * evidence + 0.35 * prior - penalty))
        let strong = version > 0 || exposure > 0 || recovery > 0
        let rounded = (score * 100).rounded() / 100
        return (Candidate(change: c, score: rounded, reasons: positive + context + negative, rolloutSteps: f.rolloutSteps.count > 1 ? f.rolloutSteps : []), strong)
    }

    /// The deploy on the change's service, before it, whose version the most signals carry.
    /// Only a deploy that impact did not follow within the rate window is latent: one that
    /// impact followed at once is a trigger in its own right.
    func bestDeploy(before c: Event, input: AnalysisInput) -> (Event, Double)? {
        let versioned = input.signalVersions.values.reduce(0, +)
        guard versioned > 0, let impact = input.impactStart else { return nil }
        let deploys = input.earlierDeploys + input.candidates.map(\.change).filter { $0.kind == .deploy }
        var best: (Event, Double)?
        for d in deploys where d.time < c.time && d.time >= c.time - options.latentWindow
            && d.time <= impact - options.rateWindow
            && (d.service == c.service || c.service == Event.globalService) {
            guard let v = d.version, let n = input.signalVersions[v], n > 0 else { continue }
            let share = Double(n) / Double(versioned)
            if share > (best?.1 ?? 0) || (share == best?.1 && d.time > best!.0.time) { best = (d, share) }
        }
        return best
    }

    /// A release or config trigger's latent change: the deploy that shipped what it switched on.
    func latent(for trigger: Event, input: AnalysisInput) -> (Event?, String?) {
        guard trigger.kind == .release || trigger.kind == .config else { return (nil, nil) }
        guard let (deploy, share) = bestDeploy(before: trigger, input: input) else { return (nil, nil) }
        let reason = "\(Self.percent(share)) of the versioned signals run '\(deploy.version ?? "")', which \(deploy.id) deployed at \(deploy.time.rfc3339), \(trigger.time - deploy.time) before \(trigger.id) switched it on"
        return (deploy, reason)
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p >= 99.95 ? "100%" : (p >= 10 ? "\(Int(p.rounded()))%" : "\(Formatting.decimal((p * 10).rounded() / 10))%")
    }

    static func rate(_ perHour: Double) -> String { "\(Formatting.thousands(Int(perHour.rounded())))/h" }
}
