import Hindsight

/// Generates seeded adversarial scenarios with a known trigger (or none), one family at a time.
///
/// The trigger gets no feature the distractors never have: distractors carry versions, scopes and
/// rollbacks too, the trigger is not always the last change nor always on the incident's service,
/// and in several families the closest change, the one on every crash or the one rolled back is a
/// distractor.
package struct AccuracyScenarioGenerator: Sendable {
    package var seed: UInt64

    package init(seed: UInt64 = 7) { self.seed = seed }

    /// `count` scenarios, cycling through the families; the same seed gives the same scenarios.
    package func scenarios(count: Int) -> [AccuracyScenario] {
        let families = AccuracyScenarioFamily.allCases
        return (0..<count).map { make(index: $0, family: families[$0 % families.count]) }
    }

    /// `count` scenarios of one family (indices do not collide with other families').
    package func scenarios(of family: AccuracyScenarioFamily, count: Int) -> [AccuracyScenario] {
        let offset = AccuracyScenarioFamily.allCases.firstIndex(of: family)!
        return (0..<count).map { make(index: $0 * AccuracyScenarioFamily.allCases.count + offset, family: family) }
    }

    /// What a family's builder decides: the truth, when impact began, and the catalog it needs.
    struct Outcome {
        var trigger: String?
        var onset: Timestamp
        var dependencies: [String: [String]] = [:]
    }

    /// What every family starts from.
    struct Setting {
        var incident: String
        var service: String
        var others: [String]
        var t0: Timestamp
        var fleet: [String]
        var oldVersion: String
    }

    func make(index n: Int, family: AccuracyScenarioFamily) -> AccuracyScenario {
        var b = AccuracyScenarioBuilder(prefix: "s\(n)", rng: SeededRandom(seed: seed &+ UInt64(n) &* 0x9E37_79B9))
        let service = "svc-\(b.int(0..<20))"
        var others: [String] = []
        while others.count < 4 {
            let o = "svc-\(20 + b.int(0..<30))"
            if !others.contains(o) { others.append(o) }
        }
        let day = Timestamp(milliseconds: 1_717_200_000_000) + .days(Int64(b.int(0..<300)))  // from 2024-06-01
        let setting = Setting(
            incident: "INC-\(n)", service: service, others: others, t0: day + .minutes(Int64(b.int(600..<1200))),
            fleet: b.fleet(service, size: b.int(12...40)), oldVersion: "\(service)-v1.\(b.int(10..<99))")
        background(&b, setting)
        let outcome: Outcome
        switch family {
        case .fullRollout: outcome = fullRollout(&b, setting)
        case .backgroundNoise: outcome = backgroundNoise(&b, setting)
        case .twoIncidents: outcome = twoIncidents(&b, setting)
        case .upstream: outcome = upstream(&b, setting)
        case .routinePushes: outcome = routinePushes(&b, setting)
        case .deployLifecycle: outcome = deployLifecycle(&b, setting)
        case .precautionaryRollback: outcome = precautionaryRollback(&b, setting)
        case .longRollback: outcome = longRollback(&b, setting)
        case .delayedEffect: outcome = delayedEffect(&b, setting)
        case .noChange: outcome = noChange(&b, setting)
        case .fixForward: outcome = fixForward(&b, setting)
        case .hostContrast: outcome = hostContrast(&b, setting)
        case .latentConfig: outcome = latentConfig(&b, setting)
        case .canaryCancels: outcome = canaryCancels(&b, setting)
        case .stagedRollout: outcome = stagedRollout(&b, setting)
        case .staleReapply: outcome = staleReapply(&b, setting)
        case .outsideCause: outcome = outsideCause(&b, setting)
        case .regionRollout: outcome = regionRollout(&b, setting)
        }
        // Every incident's service depends on two of the services changing around it, so upstream changes are
        // distractors everywhere, not a mark of the upstream family.
        let dependencies = outcome.dependencies.isEmpty ? [service: [others[1], others[2]]] : outcome.dependencies
        return AccuracyScenario(
            family: family, incident: setting.incident, service: service, trigger: outcome.trigger, onset: outcome.onset,
            events: b.events.sorted { $0.time < $1.time }, dependencies: dependencies)
    }

    /// Earlier deploys on the service (one of them sometimes rolled back), changes on other services around the
    /// incident (with versions, scopes and rollbacks), and crashes far outside the lookback window.
    func background(_ b: inout AccuracyScenarioBuilder, _ s: Setting) {
        for d in 1...2 {
            let t = s.t0 - .days(Int64(d)) - .hours(Int64(b.int(0..<12)))
            let id = b.change(.deploy, service: s.service, at: t, version: "\(s.service)-v0.\(b.int(10..<99))", scope: b.randomScope())
            if b.chance(0.3) { b.rollback(service: s.service, reverts: id, at: t + b.minutes(10...40)) }
        }
        for (i, other) in s.others.enumerated() {
            // Other teams change their services all day: most land hours away from the impact, a few close to it.
            let t = s.t0 + .minutes(Int64(b.chance(0.3) ? b.int(-60...20) : b.int(-720...(-60))))
            let id = b.change(b.pick([.deploy, .config, .release]), service: other, at: t, version: "\(other)-v\(b.int(1..<500))", scope: b.randomScope())
            if b.chance(0.25) { b.rollback(service: other, reverts: id, at: t + b.minutes(10...40)) }
            b.noise(service: other, around: s.t0 + .hours(1), version: "\(other)-v0", hours: 0..<3)
            // Now and then a dependency has a small failure of its own after its change, unrelated to the incident.
            if i > 0 && b.chance(0.2) {
                b.crashes(
                    service: other, from: t + b.minutes(2...10), for: b.minutes(5...20), hosts: b.fleet(other, size: 6), version: { _ in nil }, incident: nil)
            }
        }
        b.noise(service: s.service, around: s.t0, version: s.oldVersion, hours: 5..<20)
        // A dependent service the impact spreads to (its alerts are linked to the incident), with a change of its own
        // shortly before: an incident service, but not where the impact began.
        if b.chance(0.4) {
            let dependent = s.others[3]
            b.change(
                b.pick([.deploy, .config]), service: dependent, at: s.t0 - b.minutes(2...40), version: "\(dependent)-d\(b.int(1..<500))", scope: b.randomScope()
            )
            b.events.append(
                Event(
                    id: b.id("alert"), time: s.t0 + b.minutes(25...40), kind: .alert, service: dependent, summary: "upstream errors",
                    incident: s.incident, source: "alertmanager"))
        }
    }

    /// The incident's crashes on hosts of the fleet, its lifecycle, and how it ended: the trigger's rollback
    /// (`rollbackShare` of the time, with an optional duration) or a fix forward.
    func impact(
        _ b: inout AccuracyScenarioBuilder, _ s: Setting, onset: Timestamp, duration: TimeSpan, hosts: [String],
        version: (String) -> String?, trigger: String?, rollbackShare: Double, rollbackTakes: TimeSpan? = nil
    ) {
        let cause = trigger.flatMap { id in b.events.first { $0.id == id } }
        // A trigger scoped to regions fails hosts in those regions only.
        var hosts = hosts
        if let regions = cause?.scope?.regions, !regions.isEmpty, cause?.service == s.service {
            let inside = hosts.filter { regions.contains(AccuracyScenarioBuilder.region(of: $0)) }
            hosts = inside.isEmpty ? s.fleet.filter { regions.contains(AccuracyScenarioBuilder.region(of: $0)) } : inside
        }
        b.crashes(service: s.service, from: onset, for: duration, hosts: hosts, version: version, incident: s.incident, linkShare: 0.15)
        var mitigated = onset + duration
        if let trigger, let cause, b.chance(rollbackShare) {
            let at = rollbackTakes.map { mitigated - $0 } ?? mitigated
            b.rollback(service: cause.service, reverts: trigger, at: at, end: rollbackTakes == nil ? nil : mitigated)
        } else if let cause, b.chance(0.6) {
            // A fix forward: the same service, kind and target changed again as the signals stop.
            b.change(
                cause.kind, service: cause.service, at: mitigated - .minutes(1), version: "\(cause.service)-fix-\(b.int(1..<999))", actor: "on-call",
                source: "terraform", target: cause.labels?["target"])
        }
        // Otherwise something outside the store mitigated it (a failover, a restart).
        mitigated = mitigated + .minutes(1)
        b.lifecycle(incident: s.incident, service: s.service, onset: onset, mitigated: mitigated)
    }

    /// A random share of the fleet: the hosts that fail.
    func failing(_ b: inout AccuracyScenarioBuilder, _ s: Setting, share: ClosedRange<Double> = 0.3...0.9) -> [String] {
        let n = max(2, Int(Double(s.fleet.count) * (share.lowerBound + b.unit() * (share.upperBound - share.lowerBound))))
        return Array(s.fleet.shuffled(using: &b.rng).prefix(n))
    }
}
