import Hindsight
import Testing

@testable import HindsightSimulation

@Suite struct FleetGeneratorTests {
    func lines(_ scenario: FleetScenario, seed: UInt64) -> [String] {
        var out: [String] = []
        FleetGenerator(scenario: scenario, seed: seed).generate { out.append($0.nativeJSON) }
        return out
    }

    @Test func sameSeedGivesIdenticalEvents() {
        let s = FleetScenario.crowdstrike(hosts: 20_000)
        let a = lines(s, seed: 42)
        #expect(a.count > 20)
        #expect(a == lines(s, seed: 42))
    }

    @Test func differentSeedsDiffer() {
        let s = FleetScenario.canary()
        #expect(lines(s, seed: 1) != lines(s, seed: 2))
        let a = FleetGenerator(scenario: .crowdstrike(hosts: 50_000), seed: 1).simulate()
        let b = FleetGenerator(scenario: .crowdstrike(hosts: 50_000), seed: 2).simulate()
        #expect(a.crashes != b.crashes)
    }

    @Test func crowdstrikeTotalsMatchItsParameters() throws {
        let s = FleetScenario.crowdstrike(hosts: 200_000)
        let o = FleetGenerator(scenario: s, seed: 20_240_719).simulate()
        // Every host is exposed at once and crashes with certainty; a 5-minute mean delay leaves
        // about e^(-78/5) ≈ 2e-7 of them past the 78-minute revert.
        #expect(o.exposedHosts == 200_000)
        #expect(o.crashedHosts <= 200_000 && o.crashedHosts >= 199_990)
        #expect(o.crashesPerRegion.reduce(0, +) == o.crashedHosts)
        // Region shares follow the weights (north-america 42%, middle-east-africa 4%) within 1 point.
        let perRegion = o.crashesPerRegion.map { Double($0) / Double(o.crashedHosts) }
        #expect(abs(perRegion[0] - 0.42) < 0.01)
        #expect(abs(perRegion[4] - 0.04) < 0.01)
        let push = try Timestamp.parse("2024-07-19T04:09:00Z").get()
        let revert = try Timestamp.parse("2024-07-19T05:27:00Z").get()
        #expect(o.firstCrash == push)
        #expect(try #require(o.lastCrash) < revert)
        #expect(o.revert == revert)
        #expect(o.mitigated == revert)
        // The first report comes 11 minutes after the second in which the 10,000th host crashed.
        var sum = 0
        var second = 0
        while sum < 10_000 {
            sum += o.crashes.reduce(0) { $0 + Int($1[second]) }
            second += 1
        }
        let firstReport = push + .seconds(Int64(second - 1)) + .minutes(11)
        #expect(o.reports.first == firstReport)
        #expect(o.reports.count == 12)
        #expect(o.reports.last == firstReport + .minutes(44))
        #expect(o.declared == firstReport + .minutes(40))
        #expect(o.resolved == (try Timestamp.parse("2024-07-26T00:00:00Z").get()))
    }

    @Test func crowdstrikeEventsAddUpToTheOutcome() throws {
        let s = FleetScenario.crowdstrike(hosts: 30_000)
        let g = FleetGenerator(scenario: s, seed: 5)
        let o = g.simulate()
        var crashes = 0
        var crashEvents = 0
        var hosts = Set<String>()
        var kinds: [EventKind: Int] = [:]
        var previous: Timestamp?
        g.generate(outcome: o) { e in
            kinds[e.kind, default: 0] += 1
            if let previous { #expect(previous <= e.time) }
            previous = e.time
            if e.kind == .crash {
                crashes += e.count
                crashEvents += 1
                hosts.insert(e.host ?? "")
                #expect(e.incident == "crowdstrike-2024-07-19")
                #expect(e.version == "7.11")
                #expect(e.labels?["channel_file"] == "291")
            }
        }
        #expect(crashes == o.crashedHosts)
        // One aggregate per region and minute with crashes: its host is the group's id.
        #expect(hosts.count == crashEvents)
        #expect(crashEvents <= 5 * 78)
        #expect(kinds[.config] == 1 && kinds[.rollback] == 1 && kinds[.incident] == 3 && kinds[.report] == 12)
        #expect(kinds[.alert] == nil)
    }

    @Test func perHostGivesOneEventPerCrashedHostWithTheSameTotals() {
        var s = FleetScenario.crowdstrike(hosts: 5_000)
        let aggregated = FleetGenerator(scenario: s, seed: 9).simulate()
        s.aggregation = nil
        var hosts = Set<String>()
        var crashes = 0
        FleetGenerator(scenario: s, seed: 9).generate { e in
            guard e.kind == .crash else { return }
            crashes += e.count
            hosts.insert(e.host ?? "")
        }
        #expect(crashes == aggregated.crashedHosts)
        #expect(hosts.count == aggregated.crashedHosts)
    }

    @Test func canaryIsCaughtBeforeTheNextStage() throws {
        let s = FleetScenario.canary()
        let o = FleetGenerator(scenario: s, seed: 7).simulate()
        let alert = try #require(o.alert)
        let revert = try #require(o.revert)
        #expect(revert == alert + .seconds(45))
        #expect(o.stagesStarted == [s.changeTime])
        // Only the 1% canary ring was exposed: about 20 of 2,000 hosts.
        #expect(o.exposedHosts > 5 && o.exposedHosts < 40)
        #expect(o.crashedHosts >= 5 && o.crashedHosts <= o.exposedHosts)
        #expect(try #require(o.lastCrash) < revert)
    }

    @Test func presetsHaveNoProblems() {
        #expect(FleetScenario.crowdstrike().problems.isEmpty)
        #expect(FleetScenario.canary().problems.isEmpty)
        var bad = FleetScenario.canary()
        bad.hosts = 0
        bad.crashProbability = 2
        #expect(bad.problems.count == 2)
    }

    @Test func naturalLogMatchesKnownValues() {
        #expect(abs(FleetGenerator.naturalLog(1)) < 1e-15)
        #expect(abs(FleetGenerator.naturalLog(0.5) + 0.693_147_180_559_945_3) < 1e-15)
        #expect(abs(FleetGenerator.naturalLog(1e-6) + 13.815_510_557_964_274) < 1e-12)
    }
}
