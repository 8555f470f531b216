import Hindsight

/// One generated incident with a known answer, for measuring the correlator's accuracy.
public struct AccuracyScenario: Sendable {
    /// What the scenario is built to test.
    public enum Category: String, Sendable, CaseIterable {
        /// The trigger with realistic distractors on other services and background noise.
        case plain
        /// A harmless change on the same service minutes closer to the impact than the trigger.
        case closerHarmlessChange = "closer-harmless-change"
        /// The trigger is one step of a staged rollout.
        case stagedRollout = "staged-rollout"
        /// A release switched on code deployed days earlier.
        case latentDeploy = "latent-deploy"
        /// Another incident on another service overlaps in time.
        case overlappingIncident = "overlapping-incident"
        /// No change triggered it (capacity, hardware); a harmless deploy came shortly before.
        case noTrigger = "no-trigger"
    }

    public var category: Category
    public var incident: String
    /// The change that triggered it, or `nil` when none did.
    public var trigger: String?
    public var events: [Event]
}

/// Generates seeded scenarios with a known trigger and the distractors that fool naive rules.
public struct AccuracyScenarioGenerator: Sendable {
    public var seed: UInt64

    public init(seed: UInt64 = 7) { self.seed = seed }

    /// `count` scenarios, cycling through the categories; the same seed gives the same scenarios.
    public func scenarios(count: Int) -> [AccuracyScenario] {
        let categories = AccuracyScenario.Category.allCases
        return (0..<count).map { i in
            var rng = SeededRandom(seed: seed &+ UInt64(i) &* 0x9E37_79B9)
            return make(index: i, category: categories[i % categories.count], rng: &rng)
        }
    }

    func make(index n: Int, category: AccuracyScenario.Category, rng: inout SeededRandom) -> AccuracyScenario {
        var b = ScenarioBuilder(prefix: "s\(n)", rng: rng)
        let service = "svc-\(b.int(0..<20))"
        let others = (0..<4).map { _ in "svc-\(20 + b.int(0..<30))" }
        let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]
        let start = Timestamp(milliseconds: 1_717_200_000_000) + .days(Int64(b.int(0..<300)))  // from 2024-06-01
        let triggerAt = start + .minutes(Int64(b.int(600..<1200)))
        let onset = TimeSpan.minutes(Int64(b.int(2..<20)))
        let impact = triggerAt + onset
        let duration = TimeSpan.minutes(Int64(b.int(30..<120)))
        let incident = "INC-\(n)"
        let oldVersion = "\(service)-v\(b.int(100..<200))"
        let newVersion = "\(service)-v\(b.int(200..<300))"

        // Background: earlier changes on the service, concurrent changes elsewhere, sparse noise.
        for d in 1...3 {
            b.change(.deploy, service: service, at: triggerAt - .hours(Int64(24 * d + b.int(0..<12))), version: "\(service)-v\(b.int(10..<99))")
        }
        for other in others {
            b.change(b.pick([.deploy, .config, .release]), service: other, at: triggerAt + .minutes(Int64(b.int(-90..<15))), version: "\(other)-v\(b.int(1..<500))")
            b.noise(service: other, around: impact, version: "\(other)-v0", regions: regions)
        }
        b.noise(service: service, around: impact - .hours(6), version: oldVersion, regions: regions)

        var truth: String?
        var crashVersion: String? = newVersion
        var crashRegions = regions
        var rollbackOf: String?
        switch category {
        case .plain, .closerHarmlessChange, .overlappingIncident:
            let kind: EventKind = b.unit() < 0.6 ? .deploy : .config
            var scope: Scope?
            if b.unit() < 0.35 {
                crashRegions = Array(regions.shuffled(using: &b.rng).prefix(2))
                scope = Scope(regions: crashRegions)
            }
            let version = kind == .deploy ? newVersion : "\(service)-config-\(b.int(1..<999))"
            truth = b.change(kind, service: service, at: triggerAt, version: version, scope: scope)
            // Config pushes are not always named on signals; a rollback then carries the evidence.
            crashVersion = kind == .deploy || b.unit() < 0.6 ? version : nil
            if (crashVersion == nil && b.unit() < 0.8) || b.unit() < 0.6 { rollbackOf = truth }
            if category == .closerHarmlessChange {
                b.change(b.pick([.deploy, .config]), service: service, at: impact - .minutes(Int64(b.int(0..<max(1, Int(onset.seconds / 60) - 1)))) - .seconds(30),
                         version: "\(service)-harmless-\(b.int(1..<999))")
            }
            if category == .overlappingIncident {
                let other = others[0]
                b.change(.deploy, service: other, at: triggerAt + .minutes(Int64(b.int(-30..<5))), version: "\(other)-bad")
                b.crashes(service: other, from: triggerAt + .minutes(8), for: .minutes(90), version: "\(other)-bad", regions: regions, incident: "OTHER-\(n)", hostPrefix: "o")
                b.lifecycle(incident: "OTHER-\(n)", service: other, declared: triggerAt + .minutes(20), mitigated: triggerAt + .minutes(100))
            }
        case .stagedRollout:
            let shares: [Double] = [1, 10, 50, 100]
            let k = b.int(1..<4)  // impact starts after step k (0-based)
            var t = triggerAt - .minutes(Int64(45 * k))
            var ids: [String] = []
            for (i, share) in shares.enumerated() {
                let id = b.change(.deploy, service: service, at: t, version: newVersion, scope: Scope(percent: share))
                ids.append(id)
                if i == k { truth = id }
                t = t + .minutes(45)
                if i == k { break }
            }
            if b.unit() < 0.5 { rollbackOf = truth }
        case .latentDeploy:
            let deployVersion = "\(service)-v\(b.int(300..<400))"
            b.change(.deploy, service: service, at: triggerAt - .days(Int64(b.int(2..<6))), version: deployVersion)
            truth = b.change(.release, service: service, at: triggerAt, version: "flag-\(b.int(1..<999))", scope: Scope(percent: Double(b.pick([5, 20, 100]))))
            crashVersion = deployVersion
            if b.unit() < 0.5 { rollbackOf = truth }
        case .noTrigger:
            b.change(.deploy, service: service, at: impact - .minutes(Int64(b.int(2..<15))), version: newVersion)
            crashVersion = b.unit() < 0.7 ? oldVersion : nil
        }

        let mitigation = impact + duration
        b.crashes(service: service, from: impact, for: duration, version: crashVersion, regions: crashRegions,
                  incident: b.unit() < 0.5 ? incident : nil, hostPrefix: "h")
        if let rollbackOf {
            b.rollback(service: service, reverts: rollbackOf, at: mitigation)
            // A trickle after the rollback, as hosts drain.
            b.crashes(service: service, from: mitigation + .minutes(1), for: .minutes(5), version: crashVersion, regions: crashRegions, incident: nil, hostPrefix: "t", density: 0.05)
        }
        let declared = impact + .minutes(Int64(b.int(2..<50)))
        b.lifecycle(incident: incident, service: service, declared: declared, mitigated: mitigation + .minutes(2))
        return AccuracyScenario(category: category, incident: incident, trigger: truth, events: b.events)
    }
}

/// Accumulates a scenario's events with unique ids.
struct ScenarioBuilder {
    let prefix: String
    var rng: SeededRandom
    var events: [Event] = []
    var next = 0

    init(prefix: String, rng: SeededRandom) {
        self.prefix = prefix
        self.rng = rng
    }

    mutating func int(_ r: Range<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func unit() -> Double { rng.unit() }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    mutating func id(_ tag: String) -> String {
        next += 1
        return "\(prefix)-\(tag)-\(next)"
    }

    @discardableResult
    mutating func change(_ kind: EventKind, service: String, at time: Timestamp, version: String?, scope: Scope? = nil) -> String {
        let id = id(kind.rawValue)
        events.append(Event(id: id, time: time, kind: kind, service: service, version: version, scope: scope))
        return id
    }

    mutating func rollback(service: String, reverts: String, at time: Timestamp) {
        events.append(Event(id: id("rollback"), time: time, kind: .rollback, service: service, reverts: reverts))
    }

    /// Crash aggregates, one per minute and region, over a span.
    mutating func crashes(service: String, from: Timestamp, for span: TimeSpan, version: String?, regions: [String], incident: String?, hostPrefix: String, density: Double = 1) {
        let minutes = Int(span.seconds / 60)
        for m in 0..<max(minutes, 1) where unit() < density {
            let region = pick(regions)
            events.append(Event(
                id: id("crash"), time: from + .minutes(Int64(m)), kind: .crash, service: service, version: version, incident: incident,
                host: "\(prefix)-\(hostPrefix)\(int(0..<200))", count: int(1..<40), labels: Labels(["region": region])))
        }
    }

    /// Sparse crashes far from the incident's lookback: the background every fleet has.
    mutating func noise(service: String, around: Timestamp, version: String, regions: [String]) {
        for _ in 0..<3 {
            let t = around - .hours(Int64(3 + int(0..<20)))
            events.append(Event(id: id("noise"), time: t, kind: .crash, service: service, version: version, host: "\(prefix)-n\(int(0..<50))",
                                labels: Labels(["region": pick(regions)])))
        }
    }

    mutating func lifecycle(incident: String, service: String, declared: Timestamp, mitigated: Timestamp) {
        events.append(Event(id: id("alert"), time: declared - .minutes(1), kind: .alert, service: service, summary: "error rate high", incident: incident))
        for (status, t) in [("declared", declared), ("mitigated", mitigated), ("resolved", mitigated + .minutes(30))] {
            events.append(Event(id: id(status), time: t, kind: .incident, service: service, status: status, incident: incident))
        }
    }
}
