import Testing

@testable import Hindsight

/// A regional canary's hosts against its region's usual failures (`GuardFacts.hostsStandingOut`).
@Suite("The guard: hosts standing out")
struct HostsStandingOutTests {
    static let regions = ["eu", "us", "ap"]

    /// 30 hosts, host `i` in region `i % 3`: each fails once in the hour before the change and once in the half hour
    /// after it; the hosts in `failing` fail six more times from minute 5 on.
    static func fleet(failing: [Int]) -> [Event] {
        (0..<30).flatMap { i -> [Event] in
            let region = regions[i % 3]
            func crash(_ tag: String, _ minute: Double) -> Event {
                Event(
                    id: "h\(i)-\(tag)", time: GF.at(minute), kind: .crash, service: "checkout", host: "h\(i)", labels: Labels(["region": region]))
            }
            var events = [crash("before", -58 + Double(i)), crash("after", Double(i) * 0.9)]
            if failing.contains(i) { events += (0..<6).map { crash("bad-\($0)", 5 + Double($0) * 3) } }
            return events
        }
    }

    static let canary = GF.deploy("canary", at: 0, percent: 1, regions: ["eu"])

    @Test func aRegionalCanarysHostsAreComparedWithTheRest() throws {
        let events = [Self.canary] + Self.fleet(failing: [0, 3, 6])
        let facts = try GuardFacts.gather(Self.canary, at: GF.at(28), from: MemoryAnalysisSource(events: events))
        let c = facts.canary
        #expect(c.hostsInGroup == 3)
        #expect(c.hostsOutside == 0)
        // The three hosts' 18 failures are a fifth of their region's signals: the hosts say more than the counts.
        #expect(c.logLikelihoodRatio > c.signalsLogLikelihoodRatio)
        #expect(c.logLikelihoodRatio > 0)
        let sentence = GuardEvidence.canary(facts, options: GuardOptions()).text
        #expect(sentence.hasSuffix("; 3 hosts in eu failed at 4× their usual rate or more, against 0 on the rest of the fleet"))
    }

    @Test func hostsStandingOutEverywhereCancel() throws {
        // Three hosts in each region: an unrelated surge, not the canary.
        let events = [Self.canary] + Self.fleet(failing: [0, 3, 6, 1, 4, 7, 2, 5, 8])
        let c = try GuardFacts.gather(Self.canary, at: GF.at(28), from: MemoryAnalysisSource(events: events)).canary
        #expect(c.hostsInGroup == 3)
        #expect(c.hostsOutside == 6)
        #expect(c.logLikelihoodRatio < 0)
    }

    @Test func fewerThanThreeHostsLeaveTheRegionsSignalCounts() throws {
        let events = [Self.canary] + Self.fleet(failing: [0, 3])
        let c = try GuardFacts.gather(Self.canary, at: GF.at(28), from: MemoryAnalysisSource(events: events)).canary
        #expect(c.hostsInGroup == nil)
        #expect(c.logLikelihoodRatio == c.signalsLogLikelihoodRatio)
        // The region's signals: 10 hosts' one each since, and the two failing hosts' six more.
        #expect(c.inGroup == 10 + 12)
    }
}
