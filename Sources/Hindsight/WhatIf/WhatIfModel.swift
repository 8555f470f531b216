/// Replays an incident's trigger through a staged rollout plan and measures how far it would
/// have spread before the measured detection and rollback halted it (docs/whatif.md).
///
/// Pure: it reads an `IncidentAnalysis` and never touches the store.
public struct WhatIfModel: Sendable {
    public var plan: RolloutPlan
    /// Replaces the measured detection lag.
    public var detectionLag: TimeSpan?
    /// Replaces the measured time from detection to rollback.
    public var rollbackDelay: TimeSpan?

    public init(plan: RolloutPlan = .default, detectionLag: TimeSpan? = nil, rollbackDelay: TimeSpan? = nil) {
        self.plan = plan
        self.detectionLag = detectionLag
        self.rollbackDelay = rollbackDelay
    }

    public func simulate(_ a: IncidentAnalysis) throws(WhatIfError) -> WhatIfResult {
        guard let trigger = a.trigger else { throw .noTrigger(incident: a.incident) }
        guard let impactStart = a.impactStart else { throw .noImpactStart(incident: a.incident) }
        let change = trigger.change
        var notes: [String] = []

        // What actually happened: the exposure curve up to the halt.
        let steps = (trigger.rolloutSteps.isEmpty ? [change] : trigger.rolloutSteps).sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        let start = steps[0].time
        var curve = steps.compactMap { s in s.scope?.percent.map { ExposurePoint(time: s.time, percent: min(max($0, 0), 100), eventID: s.id) } }
        let curveAssumed = curve.isEmpty
        if curveAssumed {
            curve = [ExposurePoint(time: start, percent: 100, eventID: steps[0].id)]
            notes.append("\(change.id) records no scope.percent, so it is assumed to have reached the whole fleet at once at \(start.rfc3339)")
        } else {
            let path = curve.map { "\(WhatIfWording.percent($0.percent)) at \($0.time.rfc3339)" }.joined(separator: ", ")
            notes.append("actual rollout of \(change.id), from scope.percent: \(path)")
            let unscoped = steps.filter { $0.scope?.percent == nil }.map(\.id)
            if !unscoped.isEmpty {
                notes.append(
                    "rollout step\(unscoped.count == 1 ? "" : "s") \(unscoped.joined(separator: ", ")) record\(unscoped.count == 1 ? "s" : "") "
                        + "no scope.percent and \(unscoped.count == 1 ? "is" : "are") left out of the actual exposure")
            }
        }
        let actualHalt = a.mitigatedAt
        let beforeHalt = curve.filter { p in actualHalt.map { p.time <= $0 } ?? true }
        let actualPercent = (beforeHalt.isEmpty ? curve : beforeHalt).map(\.percent).max() ?? 100

        // Fleet size and the share of exposed hosts that were affected.
        var fleet: Int?
        let scoped = ([change] + steps.reversed()).first { s in
            s.scope?.hosts != nil && (s.scope?.percent ?? (curveAssumed ? 100 : 0)) > 0
        }
        if let s = scoped, let hosts = s.scope?.hosts {
            let pct = s.scope?.percent ?? 100
            fleet = Int((Double(hosts) * 100 / pct).rounded())
            notes.append(
                pct == 100
                    ? "fleet: \(Formatting.thousands(fleet!)) hosts, the scope.hosts of \(s.id)"
                    : "fleet: \(Formatting.thousands(fleet!)) hosts, from the scope of \(s.id) "
                        + "(\(Formatting.thousands(hosts)) hosts at \(WhatIfWording.percent(pct)))")
        }
        let (observed, aggregateNote) = Self.hostsAffected(a)
        if let aggregateNote { notes.append(aggregateNote) }
        var rate: Double?
        if let f = fleet {
            let exposed = Self.hosts(f, actualPercent)
            if observed > 0, exposed > 0 {
                rate = min(1, Double(observed) / Double(exposed))
                notes.append(
                    "impact rate: \(WhatIfWording.percent(rate! * 100)) of exposed hosts were affected "
                        + "(\(Formatting.thousands(observed)) hosts with crashes of \(Formatting.thousands(exposed)) exposed)"
                        + (observed > exposed ? "; more hosts crashed than were exposed, so it is capped at 100%" : ""))
            } else {
                rate = 1
                notes.append(
                    "impact rate: no crash signal names a host, so the share of exposed hosts that were affected is unknown; "
                        + "assumed all of them (100%)")
            }
        } else if observed > 0 {
            rate = 1
            fleet = Int((Double(observed) * 100 / actualPercent).rounded())
            notes.append(
                "fleet: no step of the rollout records scope.hosts, so every exposed host is assumed affected (impact rate 100%) "
                    + "and the fleet is estimated from the blast radius: \(Formatting.thousands(observed)) hosts at "
                    + "\(WhatIfWording.percent(actualPercent)) exposure = \(Formatting.thousands(fleet!)) hosts; "
                    + "record scope.hosts on changes for a measured figure")
        } else {
            notes.append(
                "fleet size unknown: no step of the rollout records scope.hosts and no crash signal names a host, "
                    + "so the figures are shares of the fleet")
        }

        // Timing: onset after exposure, detection, and the team's rollback.
        let onset = max(TimeSpan(milliseconds: 0), impactStart - change.time)
        notes.append(
            "impact began \(onset) after exposure (impact start \(impactStart.rfc3339) minus \(change.id) at \(change.time.rfc3339)); "
                + "in the simulation the first impact comes as soon after stage 1 starts, although stage 1 exposes fewer hosts")
        let lag: TimeSpan
        let measured: Bool
        if let override = detectionLag {
            (lag, measured) = (override, false)
            notes.append("detection lag: \(override), given as an override")
        } else if let m = a.detectionLag {
            (lag, measured) = (m, true)
            notes.append(
                "detection lag: \(lag), as measured (from impact start to \(a.detectedBy ?? "detection") at \(a.detectedAt?.rfc3339 ?? "?")), "
                    + "assumed the same when fewer hosts fail")
        } else if let conflict = a.conflict(.detectionLag) {
            (lag, measured) = (TimeSpan(milliseconds: 0), true)
            notes.append("detection lag: 0s, as it was detected before impact start: \(conflict.sentence)")
        } else {
            throw .detectionLagUnknown(incident: a.incident)
        }
        let rollback: TimeSpan
        if let override = rollbackDelay {
            rollback = override
            notes.append("rollback delay: \(override) after detection, given as an override")
        } else if let detected = a.detectedAt, let halt = actualHalt {
            let what = a.mitigatedBy ?? "mitigation"
            if halt >= detected {
                rollback = halt - detected
                notes.append("rollback delay: \(rollback), as the team took it from detection (\(detected.rfc3339)) to \(what) (\(halt.rfc3339))")
            } else {
                rollback = TimeSpan(milliseconds: 0)
                notes.append("rollback delay: 0s, because \(what) (\(halt.rfc3339)) came before detection (\(detected.rfc3339))")
            }
        } else {
            rollback = TimeSpan(milliseconds: 0)
            notes.append(
                actualHalt == nil
                    ? "rollback delay unknown: no rollback or mitigation is recorded; assumed 0 (the rollout halts at detection)"
                    : "rollback delay unknown: the detection time is not recorded; assumed 0 (the rollout halts at detection)")
        }

        // The simulated rollout, started when the actual one was.
        let firstImpact = start + onset
        let detected = firstImpact + lag
        let halted = detected + rollback
        let elapsed = halted - start
        let starts = plan.stageStarts
        var reached = 0
        for i in 1..<starts.count where starts[i] < elapsed { reached = i }
        let simPercent = plan.stages[reached].percent
        notes.append(
            "the simulated rollout starts when the actual one did (\(start.rfc3339)) and halts at detection plus the rollback delay "
                + "(\(halted.rfc3339), \(elapsed) after it began, during stage \(reached + 1) of \(plan.stages.count)); "
                + "a stage due at that very moment is not started; hosts exposed by then are affected at the impact rate")

        let actualAffected = fleet.flatMap { f in rate.map { Int((Double(Self.hosts(f, actualPercent)) * $0).rounded()) } }
        let simExposed = fleet.map { Self.hosts($0, simPercent) }
        let simAffected = simExposed.flatMap { e in rate.map { Int((Double(e) * $0).rounded()) } }
        let actual = WhatIfOutcome(
            exposedPercent: actualPercent, hostsExposed: fleet.map { Self.hosts($0, actualPercent) },
            hostsAffected: actualAffected, impactStart: impactStart, detectedAt: a.detectedAt,
            haltedAt: actualHalt, duration: actualHalt.flatMap { $0 >= impactStart ? $0 - impactStart : nil })
        let simulated = WhatIfOutcome(
            exposedPercent: simPercent, hostsExposed: simExposed, hostsAffected: simAffected,
            stage: reached + 1, impactStart: firstImpact, detectedAt: detected,
            haltedAt: halted, duration: halted - firstImpact)
        let factor = actualPercent / simPercent
        return WhatIfResult(
            incident: a.incident, trigger: change.id, plan: plan, actualCurve: curve, fleetHosts: fleet, impactRate: rate,
            onsetDelay: onset, detectionLag: lag, detectionLagMeasured: measured, rollbackDelay: rollback,
            actual: actual, simulated: simulated, reductionFactor: factor,
            sentence: sentence(actual: actual, simulated: simulated, factor: factor, elapsed: elapsed), assumptions: notes)
    }

    static func hosts(_ fleet: Int, _ percent: Double) -> Int { Int((Double(fleet) * percent / 100).rounded()) }

    /// Hosts the crash signals show affected: their distinct `host` values, or, when the crash events
    /// are aggregates (more occurrences than events, over more occurrences than host values), their
    /// occurrences, because an aggregate's `host` may name a group of hosts (`win/europe/04:10`).
    static func hostsAffected(_ a: IncidentAnalysis) -> (Int, note: String?) {
        let distinct = a.blastRadius.hosts
        let occurrences = a.blastRadius.crashes
        guard let crash = a.signals.first(where: { $0.kind == .crash }), distinct > 0,
            crash.occurrences > crash.events, occurrences > distinct
        else { return (distinct, nil) }
        return (
            occurrences,
            "crash signals are aggregates (\(Formatting.thousands(crash.events)) events standing for "
                + "\(Formatting.thousands(occurrences)) occurrences on \(Formatting.thousands(distinct)) distinct host values), "
                + "so a host value may stand for many hosts: hosts affected are taken as the occurrences (one per host), "
                + "capped at the hosts exposed; an upper bound, the \(Formatting.thousands(distinct)) host values being the lower one"
        )
    }

    /// "A 1% canary held for 30 minutes would have limited the impact to about 85,000 hosts instead of 8.5 million: 100 times fewer."
    func sentence(actual: WhatIfOutcome, simulated: WhatIfOutcome, factor: Double, elapsed: TimeSpan) -> String {
        let reached = (simulated.stage ?? 1) - 1
        let stages = plan.stages
        var plan: String
        if stages.count == 1 {
            plan = "Rolling out to \(WhatIfWording.percent(stages[0].percent)) at once"
        } else {
            plan = "A \(WhatIfWording.percent(stages[0].percent)) canary held for \(WhatIfWording.span(stages[0].hold ?? .seconds(0)))"
            for s in stages.dropFirst().prefix(reached) {
                plan += ", then \(WhatIfWording.percent(s.percent))" + (s.hold.map { " for \(WhatIfWording.span($0))" } ?? "")
            }
            if reached > 0 { plan += "," }
        }
        let sim: String
        let act: String
        // Below one host (a fleet estimated from a handful of crashing hosts) counts read as nonsense; shares do not.
        if let s = simulated.hostsAffected, let x = actual.hostsAffected, s >= 1 {
            sim = "about \(WhatIfWording.about(s)) host\(s == 1 ? "" : "s")"
            act = WhatIfWording.about(x)
        } else {
            sim = "about \(WhatIfWording.percent(simulated.exposedPercent)) of the fleet"
            act = WhatIfWording.percent(actual.exposedPercent)
        }
        let shown = WhatIfWording.factor(factor)
        if factor > 1 && shown != "1" {
            return "\(plan) would have limited the impact to \(sim) instead of \(act): \(shown) times fewer."
        }
        if factor < 1 && WhatIfWording.factor(1 / factor) != "1" {
            return "\(plan) would have spread the impact further, to \(sim) instead of \(act) (\(WhatIfWording.factor(1 / factor)) times more): "
                + "the actual rollout was halted at \(WhatIfWording.percent(actual.exposedPercent)) of the fleet, "
                + "but this plan would have reached \(WhatIfWording.percent(simulated.exposedPercent)) by then."
        }
        return "\(plan) would not have limited the impact: the rollout would have reached \(WhatIfWording.percent(simulated.exposedPercent)) "
            + "of the fleet before it was halted, \(WhatIfWording.span(elapsed)) after it began, as the actual rollout did."
    }
}
