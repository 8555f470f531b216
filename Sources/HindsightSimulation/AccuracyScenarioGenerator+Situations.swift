import Hindsight

/// Families for the situations correlator v3 must reason about (issue 21). In each, the distractors can carry
/// every kind of evidence the trigger can: targets that are fixed forward, per-host rollouts, dormant partners,
/// versions on the crashes, rollbacks.
extension AccuracyScenarioGenerator {
    /// The impact ends with a new change on the trigger's target (`labels.target`) instead of a rollback. Other
    /// changes of the same kind on other targets land nearby, one of them closer to the impact; a distractor's
    /// target is sometimes changed again while the signals go on. A third of the effects show hours later.
    func fixForward(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let kind: EventKind = b.pick([.config, .release])
        let key = "\(s.service)-key-\(b.int(1..<300))"
        let trigger = b.change(kind, service: s.service, at: s.t0, version: "\(key)-r\(b.int(1..<50))", scope: b.randomScope(), target: key)
        let delayed = b.chance(0.33)
        let onset = s.t0 + (delayed ? b.minutes(60...360) : b.minutes(2...20))
        let duration = b.minutes(20...90)
        var distractors: [(String, String)] = []
        for k in 0..<b.int(1...3) {
            let other = "\(s.service)-key-\(300 + b.int(1..<300))"
            // The first lands between the trigger and the onset, closer to the impact.
            let gap = Int((onset - s.t0).milliseconds / 60_000)
            let at = k == 0 ? onset - b.minutes(1...max(1, min(15, gap - 1))) : s.t0 - b.minutes(5...240)
            distractors.append(
                (b.change(kind, service: s.service, at: at, version: "\(other)-r\(b.int(1..<50))", scope: b.randomScope(), target: other), other))
        }
        // A distractor's target changed again mid-impact, with no effect.
        if b.chance(0.5), let (_, other) = distractors.first {
            b.change(
                kind, service: s.service, at: onset + TimeSpan(milliseconds: duration.milliseconds / 3), version: "\(other)-r99", actor: "on-call",
                source: "terraform", target: other)
        }
        impact(&b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in s.oldVersion }, trigger: nil, rollbackShare: 0)
        // The fix: the same target set again (sometimes switched off), as the signals stop.
        b.change(
            kind, service: s.service, at: onset + duration - .minutes(1), version: "\(key)-fixed", scope: b.chance(0.4) ? Scope(percent: 0) : nil,
            actor: "on-call", source: b.pick(["terraform", "launchdarkly"]), target: key)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// Per-host rollouts name every host they reached, and the crashes name their hosts but no version. The
    /// trigger reached some hosts and the failing hosts are among them; another per-host rollout, sometimes closer
    /// to the impact, reached other hosts, and overlaps the failing ones only as often as chance makes it.
    func hostContrast(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let shuffled = s.fleet.shuffled(using: &b.rng)
        let reachedCount = max(3, s.fleet.count * b.int(15...50) / 100)
        let reached = Array(shuffled.prefix(reachedCount))
        let percent = Double(reachedCount * 100 / s.fleet.count)
        let new = "\(s.service)-v2.\(b.int(10..<99))"
        let trigger = b.perHost(
            .deploy, service: s.service, at: s.t0, over: b.minutes(2...10), version: new, hosts: reached, percent: percent, actor: "deploy-bot",
            source: "spinnaker")
        let otherHosts = Array(s.fleet.shuffled(using: &b.rng).prefix(max(3, s.fleet.count * b.int(20...60) / 100)))
        let closer = b.chance(0.5)
        let onset = s.t0 + b.minutes(12...25)
        b.perHost(
            b.pick([.config, .deploy]), service: s.service, at: closer ? onset - b.minutes(3...8) : s.t0 - b.minutes(20...90), over: b.minutes(1...4),
            version: "\(s.service)-agent-\(b.int(1..<99))", hosts: otherHosts, percent: Double(otherHosts.count * 100 / s.fleet.count),
            actor: "fleet-agent", source: "chef")
        // Most failing hosts are ones the trigger reached; a few fail anyway.
        var hosts = Array(reached.shuffled(using: &b.rng).prefix(max(2, reached.count * b.int(50...100) / 100)))
        if b.chance(0.4), let stray = s.fleet.first(where: { !reached.contains($0) }) { hosts.append(stray) }
        impact(&b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts, version: { _ in nil }, trigger: trigger, rollbackShare: 0.3)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// A definition shipped days earlier on a target key (a deploy or a config that changed nothing), switched on
    /// by a release or config on the same target; other switches on other targets nearby, half of them with a
    /// dormant partner of their own, and a full rollout hours earlier whose version every crash carries.
    func latentConfig(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let key = "\(s.service)-feature-\(b.int(1..<300))"
        b.change(b.pick([.deploy, .config]), service: s.service, at: s.t0 - .hours(Int64(b.int(25...140))), version: "\(key)-def", target: key)
        let full = "\(s.service)-v2.\(b.int(10..<99))"
        let fullAt = s.t0 - .hours(Int64(b.int(3...20)))
        b.change(.deploy, service: s.service, at: fullAt, version: full, scope: Scope(percent: 100), end: fullAt + b.minutes(10...60))
        let kind: EventKind = b.pick([.release, .config])
        let trigger = b.change(kind, service: s.service, at: s.t0, version: "\(key)-on", scope: b.randomScope(), actor: b.pick(["jane", "sam"]), target: key)
        // After the closest distractor (1 to 2 minutes after the trigger).
        let onset = s.t0 + b.minutes(3...15)
        var distractors: [String] = []
        for k in 0..<b.int(1...2) {
            let other = "\(s.service)-feature-\(300 + b.int(1..<300))"
            if b.chance(0.5) {
                b.change(.config, service: s.service, at: s.t0 - .hours(Int64(b.int(25...140))), version: "\(other)-def", target: other)
            }
            let at = k == 0 ? s.t0 + b.minutes(1...2) : s.t0 - b.minutes(5...60)
            distractors.append(
                b.change(
                    b.pick([.release, .config]), service: s.service, at: at, version: "\(other)-on", scope: b.randomScope(), actor: b.pick(["ana", "lee"]),
                    target: other))
        }
        let duration = b.minutes(20...80)
        impact(&b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in full }, trigger: nil, rollbackShare: 0)
        // A distractor undone mid-impact, to no effect.
        if b.chance(0.3), let d = distractors.first {
            b.rollback(service: s.service, reverts: d, at: onset + TimeSpan(milliseconds: duration.milliseconds / 3))
        }
        if b.chance(0.6) {
            b.rollback(service: s.service, reverts: trigger, at: onset + duration - .minutes(1))
        } else {
            b.change(
                kind, service: s.service, at: onset + duration - .minutes(1), version: "\(key)-off", scope: Scope(percent: 0), actor: "on-call", target: key)
        }
        return Outcome(trigger: trigger, onset: onset)
    }

    /// A canary of a new version to 5–25% of the fleet lands minutes before the impact, and the failing hosts run
    /// it in the same share as the fleet does. The trigger is an earlier config on the service, undone at recovery,
    /// or (a third of the time) nothing the store recorded.
    func canaryCancels(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let onset = s.t0 + b.minutes(10...20)
        var trigger: String?
        if b.chance(0.67) {
            trigger = b.change(
                b.pick([.config, .release]), service: s.service, at: s.t0, version: "\(s.service)-cfg-\(b.int(1..<999))", scope: b.randomScope())
        }
        let canaryHosts = Set(s.fleet.shuffled(using: &b.rng).prefix(max(2, s.fleet.count * b.int(5...25) / 100)))
        let new = "\(s.service)-v3.\(b.int(10..<99))"
        b.change(
            .deploy, service: s.service, at: onset - b.minutes(2...8), version: new,
            scope: Scope(percent: Double(canaryHosts.count * 100 / s.fleet.count), ring: "canary"), actor: "deploy-bot", source: "argo-rollouts")
        // The failing hosts: a share of the canary and the same share of the rest.
        let share = 0.4 + 0.5 * b.unit()
        let inCanary = s.fleet.filter { canaryHosts.contains($0) }.shuffled(using: &b.rng)
        let outside = s.fleet.filter { !canaryHosts.contains($0) }.shuffled(using: &b.rng)
        let hosts =
            Array(inCanary.prefix(Int((Double(inCanary.count) * share).rounded())))
            + Array(outside.prefix(max(2, Int((Double(outside.count) * share).rounded()))))
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts, version: { canaryHosts.contains($0) ? new : s.oldVersion },
            trigger: trigger, rollbackShare: 0.8)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// A rollout of one version in steps (1%, 10%, 50%, 100%), hours apart; the impact begins right after a later
    /// step (a quarter of the time the first), the crashes on the hosts that run it. A config lands nearby.
    func stagedRollout(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let version = "\(s.service)-v4.\(b.int(10..<99))"
        let percents: [Double] = [1, 10, 50, 100]
        let bad = b.chance(0.25) ? 0 : b.int(1...2)
        var times: [Timestamp] = []
        for i in 0..<percents.count {
            times.append(s.t0 + .hours(Int64(6 * (i - bad))) + (i == bad ? .minutes(0) : b.minutes(0...30)))
        }
        var trigger = ""
        for (i, p) in percents.enumerated() {
            let id = b.change(.deploy, service: s.service, at: times[i], version: version, scope: Scope(percent: p), actor: "deploy-bot", source: "spinnaker")
            if i == bad { trigger = id }
        }
        let onset = s.t0 + b.minutes(3...20)
        b.change(
            b.pick([.config, .release]), service: s.service, at: s.t0 + b.minutes(-30...2), version: "\(s.service)-cfg-\(b.int(1..<999))",
            scope: b.randomScope())
        let exposed = Set(s.fleet.shuffled(using: &b.rng).prefix(max(2, Int(Double(s.fleet.count) * percents[bad] / 100))))
        let hosts = s.fleet.filter { exposed.contains($0) }
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts, version: { exposed.contains($0) ? version : s.oldVersion },
            trigger: trigger, rollbackShare: 0.5)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// An older version ran days ago, a newer one replaced it, and automation re-applies the older one to part of the
    /// fleet (a stale plan); the failing hosts run it. A one-off config lands closer to the impact.
    func staleReapply(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let old = "\(s.service)-v1.\(b.int(100..<200))"
        let newer = "\(s.service)-v1.\(b.int(200..<300))"
        let oldAt = s.t0 - .hours(Int64(b.int(60...140)))
        b.change(.deploy, service: s.service, at: oldAt, version: old, scope: Scope(percent: 100), actor: "deploy-bot", source: "argo-cd")
        let newerAt = s.t0 - .hours(Int64(b.int(6...40)))
        b.change(.deploy, service: s.service, at: newerAt, version: newer, scope: Scope(percent: 100), actor: "deploy-bot", source: "argo-cd")
        let reapplied = Set(s.fleet.shuffled(using: &b.rng).prefix(max(2, s.fleet.count * b.int(15...50) / 100)))
        let trigger = b.change(
            .deploy, service: s.service, at: s.t0, version: old, scope: Scope(percent: Double(reapplied.count * 100 / s.fleet.count)),
            actor: "sync-bot", source: "argo-cd")
        let onset = s.t0 + b.minutes(4...20)
        b.change(.config, service: s.service, at: onset - b.minutes(1...3), version: "\(s.service)-cfg-\(b.int(1..<999))", scope: b.randomScope())
        // Crashes of the hour before: the fleet runs the newer version.
        let hosts = s.fleet.filter { reapplied.contains($0) }
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts, version: { reapplied.contains($0) ? old : newer }, trigger: trigger,
            rollbackShare: 0.5)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// Nothing the store recorded triggered it (a power loss, a provider's network). One to three one-off changes on
    /// the service, on '*' or nearby land minutes before, with nothing beyond their timing: no version on the
    /// crashes, no regions apart, and a rollback, if any, only after the signals stopped.
    func outsideCause(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let onset = s.t0
        var changes: [String] = []
        for _ in 0..<b.int(1...3) {
            let service = b.chance(0.75) ? s.service : Event.globalService
            changes.append(
                b.change(
                    b.pick([.deploy, .config, .release]), service: service, at: onset - b.minutes(2...40), version: "\(service)-x\(b.int(1..<999))",
                    scope: b.chance(0.5) ? Scope(percent: 100) : nil, actor: b.pick(["jane", "sam", "lee"])))
        }
        let duration = b.minutes(20...120)
        impact(&b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in s.oldVersion }, trigger: nil, rollbackShare: 0)
        if b.chance(0.3), let first = changes.first {
            b.rollback(service: b.events.first { $0.id == first }?.service ?? s.service, reverts: first, at: onset + duration + b.minutes(15...60))
        }
        return Outcome(trigger: nil, onset: onset)
    }
}

extension AccuracyScenarioGenerator {
    /// Changes scoped to regions: the trigger reached one or two regions and the crashes are there; a change closer
    /// to the impact reached other regions, sometimes a third reached every region, and the service's crashes of
    /// the day before are spread over all regions (what the contrast is measured against).
    func regionRollout(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let regions = AccuracyScenarioBuilder.regions.shuffled(using: &b.rng)
        let reached = Array(regions.prefix(b.int(1...2)))
        let trigger = b.change(
            b.pick([.config, .deploy]), service: s.service, at: s.t0, version: "\(s.service)-r\(b.int(1..<999))", scope: Scope(percent: 100, regions: reached))
        // Late enough for the change elsewhere (1 to 3 minutes before the onset) to land after the trigger.
        let onset = s.t0 + b.minutes(4...20)
        let elsewhere = Array(regions.dropFirst(reached.count).prefix(b.int(1...2)))
        b.change(
            b.pick([.config, .deploy, .release]), service: s.service, at: onset - b.minutes(1...3), version: "\(s.service)-x\(b.int(1..<999))",
            scope: Scope(percent: 100, regions: elsewhere))
        if b.chance(0.4) {
            b.change(
                .config, service: s.service, at: s.t0 - b.minutes(5...60), version: "\(s.service)-all\(b.int(1..<999))",
                scope: Scope(percent: 100, regions: regions))
        }
        for i in 0..<10 {
            let host = b.pick(s.fleet.filter { AccuracyScenarioBuilder.region(of: $0) == regions[i % regions.count] })
            b.events.append(
                Event(
                    id: b.id("baseline"), time: s.t0 - .hours(Int64(b.int(2...20))), kind: .crash, service: s.service, version: s.oldVersion,
                    host: host, labels: Labels(["region": AccuracyScenarioBuilder.region(of: host)])))
        }
        var hosts = s.fleet.filter { reached.contains(AccuracyScenarioBuilder.region(of: $0)) }
        if b.chance(0.3), let stray = s.fleet.first(where: { !reached.contains(AccuracyScenarioBuilder.region(of: $0)) }) { hosts.append(stray) }
        impact(&b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts, version: { _ in s.oldVersion }, trigger: trigger, rollbackShare: 0.4)
        return Outcome(trigger: trigger, onset: onset)
    }
}
