import Hindsight

/// Generates rollouts with a known answer for the guard (`RolloutScenario`), seeded so every machine gets the same.
///
/// A service runs on a fleet of hosts in three regions; its hosts fail now and then at a rate of its own (bursty on a
/// noisy service, a few an hour on a quiet one), each failure a crash signal naming the host, its region and — when
/// the family's signals carry one — the version it runs. A change rolls out in steps (`scope.percent`, for a regional
/// canary also `scope.regions`), moving hosts to its version. A bad change makes the hosts it reached fail far more
/// often from a minute or a few after the step that went bad; an unrelated incident makes a random third of the fleet
/// fail, whichever version they run.
package struct RolloutGenerator: Sendable {
    package var seed: UInt64

    package init(seed: UInt64) { self.seed = seed }

    /// `count` scenarios of `family`, the `index`-th of each seeded alike on every run.
    package func scenarios(_ family: RolloutScenario.Family, count: Int) -> [RolloutScenario] {
        (0..<count).map { scenario(family, index: $0) }
    }

    static let regions = ["eu-west-1", "us-east-1", "ap-southeast-1"]
    static let start = Timestamp(milliseconds: 1_767_225_600_000)  // 2026-01-01T00:00:00Z

    package func scenario(_ family: RolloutScenario.Family, index: Int) -> RolloutScenario {
        let familyIndex = UInt64(RolloutScenario.Family.allCases.firstIndex(of: family)!)
        var rng = SeededRandom(seed: seed &* 0x9E37_79B9 &+ familyIndex &* 1_000_003 &+ UInt64(index) &* 7919)
        let service = "svc-\(family.rawValue)-\(index)"
        let signals: RolloutScenario.Signals = index % 3 == 2 ? .region : .version
        let hosts = 100 + Int(rng.unit() * 400)
        // Failures per hour across the whole fleet before the change.
        let fleetRate: Double =
            switch family {
            case .healthyLowTraffic: 0.1 + rng.unit() * 1.2
            case .healthyNoisy: 300 + rng.unit() * 900
            default: 30 + rng.unit() * 270
            }
        let t0 = Self.start + .hours(Int64(index % 24)) + .minutes(Int64(rng.unit() * 60))

        // The fleet: host i is in region i % 3; a random order decides who gets the change first.
        var order = Array(0..<hosts)
        for i in stride(from: hosts - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let canaryRegion = Int(rng.next() % 3)
        if signals == .region {
            // A regional canary: its hosts are the first of the order in its region.
            order = order.filter { $0 % 3 == canaryRegion } + order.filter { $0 % 3 != canaryRegion }
        }

        // The steps: a 1 % or 5 % canary, then 25 %, 50 %, 100 % (a full rollout: 100 % at once, perhaps over a ramp).
        let oldVersion = "v\(40 + index % 50)"
        let newVersion = "v\(41 + index % 50)"
        var steps: [(at: Timestamp, percent: Double, end: Timestamp?)] = []
        var nextStep: Timestamp?
        if family == .badFullRollout {
            let ramp = rng.unit() < 0.5 ? TimeSpan.minutes(Int64(5 + rng.unit() * 15)) : nil
            steps = [(t0, 100, ramp.map { t0 + $0 })]
        } else {
            let canary: Double = rng.unit() < 0.5 ? 1 : 5
            let hold = TimeSpan.minutes(Int64(15 + rng.unit() * 16))
            steps = [(t0, canary, nil), (t0 + hold, 25, nil), (t0 + hold + .minutes(20), 50, nil), (t0 + hold + .minutes(40), 100, nil)]
            nextStep = t0 + hold
        }
        let firstID = "deploy-\(service)-\(newVersion)"
        var events: [Event] = []
        for (i, s) in steps.enumerated() {
            var scope = Scope(percent: s.percent, regions: signals == .region && s.percent <= 5 ? [Self.regions[canaryRegion]] : [])
            if signals == .region && s.percent > 5 { scope = Scope(percent: s.percent) }
            events.append(
                Event(
                    id: i == 0 ? firstID : "\(firstID)-step\(i + 1)", time: s.at, kind: .deploy, service: service, end: s.end, version: newVersion,
                    scope: scope, actor: "deployer", source: "ci"))
        }

        // When each host moves to the new version (hosts of a step's share, the ramp spreading them over its span).
        var moved = [Timestamp?](repeating: nil, count: hosts)
        var done = 0
        for s in steps {
            let target = min(hosts, Int((Double(hosts) * s.percent / 100).rounded(.up)))
            let span = s.end.map { $0 - s.at } ?? TimeSpan(milliseconds: 0)
            for k in done..<max(done, target) {
                let share = target > done ? Double(k - done + 1) / Double(target - done) : 0
                moved[order[k]] = s.at + TimeSpan(milliseconds: Int64(Double(span.milliseconds) * share))
            }
            done = max(done, target)
        }

        // The bad step: the canary, or the full rollout; the effect begins one to five minutes after it.
        let onset: Timestamp? = family.bad ? t0 + .minutes(Int64(1 + rng.unit() * 4)) : nil
        let badRate = 2 + rng.unit() * 10  // failures per hour on each host the bad change reached

        // The unrelated incident: a random third of the fleet fails ten to forty times as often.
        var incident: (from: Timestamp, to: Timestamp, hosts: Set<Int>, factor: Double)?
        if family == .healthyDuringIncident {
            let from = t0 + .minutes(Int64(rng.unit() * 50) - 20)
            let affected = Set((0..<hosts).filter { _ in rng.unit() < 0.33 })
            incident = (from, from + .minutes(Int64(30 + rng.unit() * 60)), affected, 10 + rng.unit() * 30)
            events.append(
                Event(
                    id: "inc-\(service)-declared", time: from + .minutes(Int64(3 + rng.unit() * 10)), kind: .incident, service: service,
                    status: "declared", incident: "inc-\(service)", title: "\(service): shard db-3 unavailable"))
        }

        // Signals, minute by minute, from two hours before the change until the watch window ends.
        let from = t0 - .hours(2)
        let until = (steps.last!.end ?? steps.last!.at) + .hours(2)
        let perHost = fleetRate / Double(hosts)
        var burst = 1.0
        var minute = from
        var n = 0
        var reachedFailures = 0
        while minute < until {
            if family == .healthyNoisy && (minute.milliseconds / 60_000) % 10 == 0 { burst = 0.3 + rng.unit() * 2.4 }
            for h in 0..<hosts {
                var rate = perHost * burst
                let onNew = moved[h].map { $0 <= minute } ?? false
                if let onset, onNew, minute >= onset { rate += badRate }
                if let inc = incident, minute >= inc.from, minute < inc.to, inc.hosts.contains(h) { rate *= inc.factor }
                let expected = rate / 60
                var count = 0
                // Poisson by inversion: few arrivals a host-minute.
                var p = Self.exp(-expected)
                var cumulative = p
                let u = rng.unit()
                while u > cumulative && count < 50 {
                    count += 1
                    p *= expected / Double(count)
                    cumulative += p
                }
                guard count > 0 else { continue }
                if let onset, onNew, minute >= onset, nextStep.map({ minute < $0 }) ?? true { reachedFailures += count }
                let region = Self.regions[h % 3]
                n += 1
                events.append(
                    Event(
                        id: "\(service)-s\(n)", time: minute + .seconds(Int64(rng.unit() * 59)), kind: .crash, service: service,
                        version: signals == .version ? (onNew ? newVersion : oldVersion) : nil, host: "\(service)-h\(h)", count: count,
                        labels: Labels(["region": region])))
            }
            minute = minute + .minutes(1)
        }
        return RolloutScenario(
            family: family, signals: signals, change: events[0], events: events, onset: onset, nextStep: nextStep,
            reachedFailures: reachedFailures, from: t0, until: until)
    }

    /// e^x for the Poisson draws, without Foundation.
    static func exp(_ x: Double) -> Double {
        var term = 1.0
        var sum = 1.0
        for k in 1..<40 {
            term *= x / Double(k)
            sum += term
        }
        return sum
    }
}
