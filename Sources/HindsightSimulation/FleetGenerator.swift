import Hindsight

/// Turns a `FleetScenario` and a seed into native events, handed to a closure in time order.
/// The same scenario and seed give the same events on every machine (SplitMix64, no libm).
/// Memory stays flat: hosts are simulated one at a time into per-second counters.
package struct FleetGenerator: Sendable {
    package var scenario: FleetScenario
    package var seed: UInt64

    package init(scenario: FleetScenario, seed: UInt64 = 1) {
        self.scenario = scenario
        self.seed = seed
    }

    /// Simulates every host once and derives alert, reports, revert and the incident's times.
    package func simulate() -> FleetOutcome {
        let s = scenario
        let horizon = max(1, Int(s.horizon.seconds))
        var counts = Array(repeating: [Int32](repeating: 0, count: horizon), count: s.regions.count)
        var exposedPerStage = [Int](repeating: 0, count: s.stages.count)
        var cumulative: [Double] = []
        var total = 0.0
        for r in s.regions {
            total += r.weight
            cumulative.append(total)
        }
        let meanSeconds = Double(s.crashDelayMean.milliseconds) / 1000
        var rng = SeededRandom(seed: seed)
        for _ in 0..<max(0, s.hosts) {
            // Four draws per host whatever happens, so one host's fate never shifts another's.
            let regionDraw = rng.unit() * total
            let stageDraw = rng.unit() * 100
            let crashDraw = rng.unit()
            let delayDraw = rng.unit()
            guard let stage = s.stages.firstIndex(where: { stageDraw < $0.percent }) else { continue }
            exposedPerStage[stage] += 1
            guard crashDraw < s.crashProbability else { continue }
            let delay = -meanSeconds * Self.naturalLog(1 - delayDraw)
            let second = Int(s.stages[stage].after.seconds) + Int(delay)
            guard second < horizon else { continue }
            var region = 0
            while region < cumulative.count - 1 && regionDraw >= cumulative[region] { region += 1 }
            counts[region][second] += 1
        }

        func cut(at revert: Timestamp?) {
            guard let revert else { return }
            let from = max(0, Int((revert - s.changeTime).seconds))
            guard from < horizon else { return }
            for r in counts.indices { for t in from..<horizon { counts[r][t] = 0 } }
        }
        /// The second by which `n` hosts had crashed, all regions together.
        func secondReaching(_ n: Int) -> Int? {
            var sum = 0
            for t in 0..<horizon {
                for r in counts.indices { sum += Int(counts[r][t]) }
                if sum >= n { return t }
            }
            return nil
        }

        var revert = s.revertAfter.map { s.changeTime + $0 }
        cut(at: revert)
        let alert = s.alertAfterCrashes.flatMap(secondReaching).map { s.changeTime + .seconds(Int64($0)) + s.alertDelay }
        if let alert, let delay = s.autoRollbackDelay {
            revert = min(revert ?? alert + delay, alert + delay)
            cut(at: revert)
        }
        var reports: [Timestamp] = []
        if let n = s.reportAfterCrashes, s.maxReports > 0, let t = secondReaching(max(1, n)) {
            let first = s.changeTime + .seconds(Int64(t)) + s.reportDelay
            for i in 0..<s.maxReports {
                reports.append(first + TimeSpan(milliseconds: s.reportInterval.milliseconds * Int64(i)))
            }
        }
        var firstSecond: Int?
        var lastSecond: Int?
        var crashed = 0
        for t in 0..<horizon {
            var n = 0
            for r in counts.indices { n += Int(counts[r][t]) }
            guard n > 0 else { continue }
            crashed += n
            if firstSecond == nil { firstSecond = t }
            lastSecond = t
        }
        let started = s.stages.indices.filter { i in revert.map { s.changeTime + s.stages[i].after < $0 } ?? true }
        let detection = [alert, reports.first].compactMap { $0 }.min()
        let declared = (detection ?? firstSecond.map { s.changeTime + .seconds(Int64($0)) } ?? s.changeTime) + s.declareDelay
        let mitigated = revert
        return FleetOutcome(
            crashes: counts, crashedHosts: crashed,
            exposedHosts: started.reduce(0) { $0 + exposedPerStage[$1] },
            firstCrash: firstSecond.map { s.changeTime + .seconds(Int64($0)) },
            lastCrash: lastSecond.map { s.changeTime + .seconds(Int64($0)) },
            alert: alert, revert: revert, reports: reports, declared: declared, mitigated: mitigated,
            resolved: (mitigated.map { max($0, declared) } ?? declared) + s.resolveAfter,
            stagesStarted: started.map { s.changeTime + s.stages[$0].after })
    }

    /// Calls `body` with every event of the scenario, oldest first (changes before crashes at the same instant).
    package func generate(_ body: (Event) throws -> Void) rethrows {
        try generate(outcome: simulate(), body)
    }

    /// As `forEach(_:)`, reusing an outcome from `simulate()`.
    package func generate(outcome o: FleetOutcome, _ body: (Event) throws -> Void) rethrows {
        let s = scenario
        let pending = lifecycleEvents(o)
        var next = 0
        func flush(through time: Timestamp?) throws {
            while next < pending.count, time.map({ pending[next].time <= $0 }) ?? true {
                try body(pending[next])
                next += 1
            }
        }
        let horizon = o.crashes.first?.count ?? 0
        let incident = s.linkSignals ? s.incident : nil
        let regionLabels = s.regions.map { region -> Labels in
            var l = s.labels
            l["region"] = region.name
            return Labels(l)
        }
        if let bucket = s.aggregation.map({ Int($0.seconds) }), bucket > 0 {
            var start = 0
            while start < horizon {
                let end = min(start + bucket, horizon)
                let time = s.changeTime + .seconds(Int64(start))
                var bucketEnd = s.changeTime + .seconds(Int64(start + bucket))
                if let revert = o.revert, revert < bucketEnd { bucketEnd = revert }
                for (r, region) in s.regions.enumerated() {
                    var n = 0
                    for t in start..<end { n += Int(o.crashes[r][t]) }
                    guard n > 0 else { continue }
                    try flush(through: time)
                    try body(
                        Event(
                            time: time, kind: .crash, service: s.service, end: bucketEnd, version: s.signalVersion ?? s.changeVersion,
                            incident: incident, host: "\(s.hostPrefix)/\(region.name)/\(time.rfc3339)", count: n,
                            labels: regionLabels[r],
                            attributes: "{\"hosts\":\(n),\"aggregate\":\"hosts in this region whose one crash fell in this window\"}"))
                }
                start = end
            }
        } else {
            let width = String(max(1, s.hosts)).count
            var seq = [Int](repeating: 0, count: s.regions.count)
            for t in 0..<horizon {
                let time = s.changeTime + .seconds(Int64(t))
                for (r, region) in s.regions.enumerated() where o.crashes[r][t] > 0 {
                    try flush(through: time)
                    for _ in 0..<Int(o.crashes[r][t]) {
                        seq[r] += 1
                        let n = String(seq[r])
                        try body(
                            Event(
                                time: time, kind: .crash, service: s.service, version: s.signalVersion ?? s.changeVersion, incident: incident,
                                host: s.hostPrefix + "-" + region.name + "-" + String(repeating: "0", count: max(0, width - n.count)) + n,
                                labels: regionLabels[r]))
                    }
                }
            }
        }
        try flush(through: nil)
    }

    /// Everything but crashes: the rollout stages, the alert, reports, the revert and the incident lifecycle, by time.
    func lifecycleEvents(_ o: FleetOutcome) -> [Event] {
        let s = scenario
        var events: [Event] = []
        let regionNames = s.regions.map(\.name)
        var exposedSoFar = 0.0
        for (i, start) in o.stagesStarted.enumerated() {
            let stage = s.stages[i]
            exposedSoFar = (Double(s.hosts) * stage.percent / 100).rounded()
            events.append(
                Event(
                    id: i == 0 ? s.changeID : "\(s.changeID)-stage-\(i + 1)", time: start, kind: s.changeKind, service: s.service,
                    summary: i == 0 ? s.changeSummary : "\(s.changeSummary): stage \(i + 1), \(JSONWriter.number(stage.percent))%",
                    version: s.changeVersion,
                    scope: Scope(percent: stage.percent, hosts: Int(exposedSoFar), regions: regionNames, ring: stage.ring),
                    actor: "release-pipeline", source: "generator"))
        }
        let incident = s.linkSignals ? s.incident : nil
        if let alert = o.alert, let n = s.alertAfterCrashes {
            events.append(
                Event(
                    id: "\(s.incident)-alert", time: alert, kind: .alert, service: s.service,
                    summary: "Crash rate: \(n)+ hosts crashed since \(s.changeVersion)", version: s.signalVersion ?? s.changeVersion,
                    status: "firing", incident: incident, severity: s.severity, source: "monitoring"))
        }
        for (i, time) in o.reports.enumerated() {
            let region = s.regions[i % s.regions.count].name
            events.append(
                Event(
                    id: "\(s.incident)-report-\(i + 1)", time: time, kind: .report, service: s.service,
                    summary: Self.reportSummaries[i % Self.reportSummaries.count], host: "customer-\(i + 1)",
                    actor: "customer-\(i + 1)", source: "support-desk", labels: Labels(["region": region]),
                    attributes: "{\"simulated\":true}"))
        }
        if let revert = o.revert {
            events.append(
                Event(
                    id: "\(s.changeID)-revert", time: revert, kind: .rollback, service: s.service,
                    summary: "Reverted \(s.changeVersion)", reverts: s.changeID,
                    actor: s.revertAfter == nil ? "rollback-automation" : "release-pipeline", source: "generator"))
        }
        func lifecycle(_ status: String, _ time: Timestamp) {
            events.append(
                Event(
                    id: "\(s.incident)-\(status)", time: time, kind: .incident, service: s.service, status: status,
                    incident: s.incident, severity: s.severity, title: s.title, source: "generator"))
        }
        lifecycle("declared", o.declared)
        if let m = o.mitigated { lifecycle("mitigated", max(m, o.declared)) }
        lifecycle("resolved", o.resolved)
        // Stable: at equal times, the order above (changes first) holds.
        return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    static let reportSummaries = [
        "Machines stuck in a blue-screen boot loop since this morning",
        "All our kiosks show a crash screen after restart",
        "Help desk flooded: laptops crash at boot",
        "Servers in our data centre keep rebooting",
        "Point-of-sale terminals down across stores",
        "Check-in desks cannot start",
    ]

    /// ln(x) for x > 0 with plain arithmetic, so draws do not depend on the platform's libm.
    static func naturalLog(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        // x = m · 2^e with m in [1, 2); ln m = 2·atanh(z), z = (m − 1)/(m + 1) ≤ 1/3.
        let e = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= z2
            k += 2
        }
        return 2 * sum + e * 0.693_147_180_559_945_3
    }
}
