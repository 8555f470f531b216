import Hindsight

/// One builder per adversarial family (see `AccuracyScenarioFamily`).
extension AccuracyScenarioGenerator {
    /// Every crash carries the version on the whole fleet. Half the time the trigger is a later config or release,
    /// on the service or fleet-wide (the full rollout hours earlier is a distractor), half the time the full rollout itself.
    func fullRollout(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let full = "\(s.service)-v2.\(b.int(10..<99))"
        let trigger: String
        let onset: TimeSpan
        if b.chance(0.5) {
            let at = s.t0 - .hours(Int64(b.int(2...30)))
            b.change(.deploy, service: s.service, at: at, version: full, scope: Scope(percent: 100), end: at + b.minutes(20...90))
            // A quarter of these are fleet-wide pushes (service `*`), like an agent or OS configuration.
            let target = b.chance(0.25) ? Event.globalService : s.service
            trigger = b.change(
                b.pick([.config, .release]), service: target, at: s.t0, version: "\(s.service)-cfg-\(b.int(1..<999))",
                scope: b.randomScope())
            onset = b.minutes(2...15)
        } else {
            let at = s.t0 - .hours(Int64(b.int(20...60)))
            b.change(.deploy, service: s.service, at: at, version: s.oldVersion, scope: Scope(percent: 100), end: at + b.minutes(20...90))
            trigger = b.change(.deploy, service: s.service, at: s.t0, version: full, scope: Scope(percent: 100), end: s.t0 + b.minutes(5...15))
            onset = b.minutes(8...20)
            b.change(
                .config, service: s.service, at: s.t0 + .minutes(Int64(b.int(-40...5))), version: "\(s.service)-cfg-\(b.int(1..<999))",
                scope: b.randomScope())
        }
        let start = s.t0 + onset
        impact(&b, s, onset: start, duration: b.minutes(20...90), hosts: failing(&b, s), version: { _ in full }, trigger: trigger, rollbackShare: 0.6)
        return Outcome(trigger: trigger, onset: start)
    }

    /// Unlinked crashes on the service every few minutes from three hours before the trigger to the end, on the
    /// running version; a harmless change sits in the middle of that noise.
    func backgroundNoise(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let new = "\(s.service)-v2.\(b.int(10..<99))"
        let exposed = Set(s.fleet.shuffled(using: &b.rng).prefix(s.fleet.count * b.int(30...100) / 100))
        b.change(
            b.pick([.deploy, .config]), service: s.service, at: s.t0 - b.minutes(30...100), version: "\(s.service)-v1.\(b.int(100..<200))",
            scope: b.randomScope())
        let kind: EventKind = b.chance(0.6) ? .deploy : .config
        let trigger = b.change(
            kind, service: s.service, at: s.t0, version: kind == .deploy ? new : "\(s.service)-cfg-\(b.int(1..<999))",
            scope: Scope(percent: Double(exposed.count * 100 / s.fleet.count)))
        let onset = s.t0 + b.minutes(2...20)
        let duration = b.minutes(30...90)
        var t = s.t0 - .hours(3)
        while t < onset + duration + .hours(1) {
            let host = b.pick(s.fleet)
            let running = t >= s.t0 && kind == .deploy && exposed.contains(host) ? new : s.oldVersion
            b.events.append(
                Event(
                    id: b.id("noise"), time: t, kind: .crash, service: s.service, version: running, host: host,
                    count: b.int(1...3), labels: Labels(["region": AccuracyScenarioBuilder.region(of: host)])))
            t = t + b.minutes(4...12)
        }
        let hosts = kind == .deploy ? s.fleet.filter { exposed.contains($0) } : failing(&b, s)
        impact(
            &b, s, onset: onset, duration: duration, hosts: hosts.isEmpty ? s.fleet : hosts,
            version: { exposed.contains($0) && kind == .deploy ? new : s.oldVersion }, trigger: trigger, rollbackShare: 0.6)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// A first incident on the same service (a bad deploy, rolled back) whose crashes are still in the second
    /// one's lookback window; the second, the one scored, is triggered by a config, or by nothing.
    func twoIncidents(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let bad = "\(s.service)-v2.\(b.int(10..<99))"
        let firstEnd = s.t0 - b.minutes(2...10)
        let firstOnset = firstEnd - b.minutes(20...50)
        let first = b.change(.deploy, service: s.service, at: firstOnset - b.minutes(3...10), version: bad, scope: b.randomScope())
        b.crashes(service: s.service, from: firstOnset, for: firstEnd - firstOnset, hosts: failing(&b, s), version: { _ in bad }, incident: nil)
        b.rollback(service: s.service, reverts: first, at: firstEnd)
        b.lifecycle(incident: "\(s.incident)-earlier", service: s.service, onset: firstOnset, mitigated: firstEnd)
        var trigger: String?
        if b.chance(0.75) {
            trigger = b.change(
                b.pick([.config, .release]), service: s.service, at: s.t0, version: "\(s.service)-cfg-\(b.int(1..<999))",
                scope: b.randomScope())
        }
        let onset = s.t0 + b.minutes(2...15)
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: failing(&b, s), version: { _ in s.oldVersion }, trigger: trigger,
            rollbackShare: 0.5)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// The trigger is on a dependency (one or two hops away in the catalog); the incident's service got a harmless
    /// full rollout shortly before, which every crash carries.
    func upstream(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let near = "dep-\(b.int(0..<20))"
        let far = "core-\(b.int(0..<20))"
        var dependencies = [s.service: [near, s.others[0]], near: [far]]
        dependencies[s.others[0]] = []
        let target = b.chance(0.6) ? near : far
        let trigger = b.change(b.pick([.config, .deploy]), service: target, at: s.t0, version: "\(target)-v\(b.int(1..<999))", scope: b.randomScope())
        b.change(.deploy, service: far == target ? near : far, at: s.t0 - b.minutes(60...240), version: "dep-v\(b.int(1..<99))", scope: b.randomScope())
        let onset = s.t0 + b.minutes(2...15)
        let harmless = "\(s.service)-v2.\(b.int(10..<99))"
        let harmlessAt = s.t0 + .minutes(Int64(b.int(-30...1)))
        b.change(.deploy, service: s.service, at: harmlessAt, version: harmless, scope: Scope(percent: 100), end: harmlessAt + b.minutes(1...5))
        if b.chance(0.3) {
            b.events.append(
                Event(
                    id: b.id("alert"), time: onset + b.minutes(1...5), kind: .alert, service: target,
                    summary: "latency high", incident: s.incident, source: "alertmanager"))
        } else if b.chance(0.7) {
            // The dependency's own errors, unlinked: its monitoring saw them, the incident was declared downstream.
            b.crashes(
                service: target, from: s.t0 + b.minutes(1...3), for: b.minutes(10...30), hosts: b.fleet(target, size: 6), version: { _ in nil }, incident: nil)
        }
        impact(&b, s, onset: onset, duration: b.minutes(20...80), hosts: failing(&b, s), version: { _ in harmless }, trigger: trigger, rollbackShare: 0.5)
        return Outcome(trigger: trigger, onset: onset, dependencies: dependencies)
    }

    /// Automated config pushes every 5 minutes by one bot; the trigger is one of them. Its version shows on the
    /// crashes, or its rollback ends the impact; a one-off human change on the service sits in the hour before.
    func routinePushes(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let first = s.t0 - .hours(3)
        var trigger = ""
        var pushes: [String] = []
        var t = first
        let onset = s.t0 + b.minutes(1...12)
        let duration = b.minutes(20...70)
        while t < onset + duration + .hours(1) {
            let id = b.change(
                .config, service: s.service, at: t, version: "\(s.service)-cfg-\(pushes.count)", scope: Scope(percent: 100),
                actor: "config-bot", source: "config-sync")
            if t == s.t0 { trigger = id }
            pushes.append(id)
            t = t + .minutes(5)
        }
        b.change(
            b.pick([.deploy, .config]), service: s.service, at: s.t0 - b.minutes(10...60), version: "\(s.service)-v1.\(b.int(100..<200))",
            scope: b.randomScope(), actor: "jane", source: "github-actions")
        let carries = b.chance(0.6)
        let version = "\(s.service)-cfg-\(pushes.firstIndex(of: trigger)!)"
        impact(
            &b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in carries ? version : s.oldVersion }, trigger: trigger,
            rollbackShare: carries ? 0.4 : 1)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// Deployments reported in stages (started, then succeeded or failed, the last with `end`): half the scenarios
    /// share one id across a deployment's stages (the store merges them), half give each stage its own id as
    /// webhook producers do (the analysis merges same service, kind and version; the change is its first stage).
    /// Just before impact: a failed deployment and one to staging; hours before: an earlier staged deployment.
    func deployLifecycle(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let sharedID = b.chance(0.5)
        @discardableResult
        func staged(
            _ b: inout AccuracyScenarioBuilder, at: Timestamp, takes: TimeSpan, version: String, outcome: String,
            environment: String = Event.defaultEnvironment
        ) -> String {
            let id = b.id("deployment")
            let scope = b.randomScope()
            b.change(
                .deploy, service: s.service, at: at, version: version, scope: scope, actor: "github", source: "github",
                status: "started", environment: environment, id: id)
            b.change(
                .deploy, service: s.service, at: at + takes, version: version, scope: scope, actor: "github", source: "github",
                end: at + takes, status: outcome, environment: environment, id: sharedID ? id : "\(id)-status")
            return id
        }
        staged(&b, at: s.t0 - .hours(Int64(b.int(3...20))), takes: b.minutes(3...20), version: "\(s.service)-v1.\(b.int(100..<200))", outcome: "succeeded")
        let new = "\(s.service)-v2.\(b.int(10..<99))"
        let takes = b.minutes(3...15)
        let trigger = staged(&b, at: s.t0, takes: takes, version: new, outcome: "succeeded")
        let finished = s.t0 + takes
        let onset = finished + b.minutes(6...12)
        staged(&b, at: finished + b.minutes(1...2), takes: b.minutes(1...2), version: "\(s.service)-v2.\(b.int(100..<200))", outcome: "failed")
        staged(
            &b, at: finished + b.minutes(2...4), takes: .minutes(1), version: "\(s.service)-v3.\(b.int(1..<99))", outcome: "succeeded",
            environment: "staging")
        let carries = b.chance(0.7)
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: failing(&b, s), version: { _ in carries ? new : nil }, trigger: trigger,
            rollbackShare: carries ? 0.5 : 1)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// After the signals stop, a harmless change made around the trigger (most often after it, closer to the impact)
    /// is rolled back as a precaution. The trigger shows its version on the crashes, or its rollback ends the impact.
    func precautionaryRollback(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let kind: EventKind = b.pick([.deploy, .config, .release])
        let version = "\(s.service)-\(kind.rawValue)-\(b.int(1..<999))"
        let trigger = b.change(kind, service: s.service, at: s.t0, version: version, scope: b.randomScope())
        let onset = s.t0 + b.minutes(3...15)
        let harmlessAt = b.chance(0.6) ? s.t0 + b.minutes(1...2) : s.t0 - b.minutes(5...60)
        let harmless = b.change(
            b.pick([.deploy, .config]), service: s.service, at: harmlessAt, version: "\(s.service)-v2.\(b.int(10..<99))",
            scope: b.randomScope())
        let duration = b.minutes(20...80)
        let carries = b.chance(0.5)
        impact(
            &b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in carries ? version : s.oldVersion },
            trigger: trigger, rollbackShare: carries ? 0.4 : 1)
        b.rollback(service: s.service, reverts: harmless, at: onset + duration + b.minutes(10...60))
        return Outcome(trigger: trigger, onset: onset)
    }

    /// The trigger's rollback runs for 20 to 90 minutes (`end`); signals go on until it ends. A harmless change is
    /// rolled back instantly a few minutes into it, and signals go on after that.
    func longRollback(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let new = "\(s.service)-v2.\(b.int(10..<99))"
        let trigger = b.change(.deploy, service: s.service, at: s.t0, version: new, scope: b.randomScope(), end: s.t0 + b.minutes(2...10))
        let harmlessAt = b.chance(0.5) ? s.t0 + b.minutes(1...3) : s.t0 - b.minutes(5...30)
        let harmless = b.change(
            b.pick([.config, .release]), service: s.service, at: harmlessAt, version: "\(s.service)-cfg-\(b.int(1..<999))",
            scope: b.randomScope())
        let onset = s.t0 + b.minutes(4...15)
        let untilRollback = b.minutes(15...45)
        let takes = b.minutes(20...90)
        b.rollback(service: s.service, reverts: harmless, at: onset + untilRollback + b.minutes(3...8))
        let carries = b.chance(0.5)
        let duration = TimeSpan(milliseconds: untilRollback.milliseconds + takes.milliseconds)
        impact(
            &b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in carries ? new : nil }, trigger: trigger,
            rollbackShare: 1, rollbackTakes: takes)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// The effect starts 45 minutes to 3 hours after the trigger (a cache expiring, a nightly job), or a third of the
    /// time 6 to 26 hours later (the next day's peak); one to three changes on the same service land in between, the
    /// last a few minutes before impact, and one of them is sometimes rolled back mid-impact to no effect.
    func delayedEffect(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let kind: EventKind = b.pick([.config, .release, .deploy])
        let version = "\(s.service)-\(kind.rawValue)-\(b.int(1..<999))"
        let trigger = b.change(kind, service: s.service, at: s.t0, version: version, scope: b.randomScope())
        let onset = s.t0 + (b.chance(0.33) ? .hours(Int64(b.int(6...26))) : b.minutes(45...180))
        var between: [String] = []
        for k in 0..<b.int(1...3) {
            let at = k == 0 ? onset - b.minutes(2...15) : s.t0 + b.minutes(10...40)
            between.append(
                b.change(b.pick([.deploy, .config]), service: s.service, at: at, version: "\(s.service)-v2.\(b.int(10..<99))", scope: b.randomScope()))
        }
        let carries = b.chance(0.6)
        let duration = b.minutes(20...80)
        if b.chance(0.3), let closest = between.first {
            b.rollback(service: s.service, reverts: closest, at: onset + TimeSpan(milliseconds: duration.milliseconds / 3))
        }
        impact(
            &b, s, onset: onset, duration: duration, hosts: failing(&b, s), version: { _ in carries ? version : s.oldVersion },
            trigger: trigger, rollbackShare: carries ? 0.5 : 1)
        return Outcome(trigger: trigger, onset: onset)
    }

    /// No change triggered it (capacity, hardware, a provider). Usually a deploy went out 10 to 40 minutes before
    /// and runs on most hosts, so most failing hosts run it too, in the same share as the fleet; sometimes a
    /// fleet-wide agent configuration went out too.
    func noChange(_ b: inout AccuracyScenarioBuilder, _ s: Setting) -> Outcome {
        let onset = s.t0
        var exposed = Set<String>()
        let new = "\(s.service)-v2.\(b.int(10..<99))"
        if b.chance(0.3) {
            let at = onset - b.minutes(5...50)
            b.change(
                .config, service: Event.globalService, at: at, version: "agent-cfg-\(b.int(1..<999))", scope: Scope(percent: 100),
                actor: "fleet-agent", source: "chef")
        }
        if b.chance(0.8) {
            // Rounded up, so the deploy's stated share is at least the 70% drawn.
            exposed = Set(s.fleet.shuffled(using: &b.rng).prefix((s.fleet.count * b.int(70...95) + 99) / 100))
            let at = onset - b.minutes(10...40)
            b.change(
                .deploy, service: s.service, at: at, version: new, scope: Scope(percent: Double(exposed.count * 100 / s.fleet.count)),
                end: at + b.minutes(3...8))
        }
        // The same share of exposed and unexposed hosts fails: exposure does not matter, yet most failing hosts run the deploy.
        let share = 0.4 + 0.5 * b.unit()
        let exposedFailing = s.fleet.filter { exposed.contains($0) }.shuffled(using: &b.rng)
        let otherFailing = s.fleet.filter { !exposed.contains($0) }.shuffled(using: &b.rng)
        let hosts =
            Array(exposedFailing.prefix(Int((Double(exposedFailing.count) * share).rounded())))
            + Array(otherFailing.prefix(Int((Double(otherFailing.count) * share).rounded())))
        impact(
            &b, s, onset: onset, duration: b.minutes(20...80), hosts: hosts.isEmpty ? s.fleet : hosts,
            version: { exposed.contains($0) ? new : s.oldVersion }, trigger: nil, rollbackShare: 0)
        return Outcome(trigger: nil, onset: onset)
    }
}
