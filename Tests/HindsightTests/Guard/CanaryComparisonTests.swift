import Testing

@testable import Hindsight

/// The canary comparison: where the rise is, against the usual rate and the rest of the fleet.
@Suite("The guard's canary comparison")
struct CanaryComparisonTests {
    /// The evidence that takes a change from the prior to a failing verdict by itself.
    static let failing = LogOdds.of(GuardOptions().failingThreshold) - GuardOptions().priorLogOdds

    static func comparison(_ inGroup: Int, _ expected: Double, exposed: Double? = nil, outside: Int = 0, expectedOutside: Double = 0, hours: Double = 0.25)
        -> CanaryComparison
    {
        CanaryComparison(
            group: "version 'v2'", inGroup: inGroup, expectedInGroup: expected, expectedExposed: exposed ?? expected, outside: outside,
            expectedOutside: expectedOutside, hours: hours)
    }

    @Test func silenceOnAWellExposedChangeCountsForIt() {
        #expect(Self.comparison(0, 6, outside: 110, expectedOutside: 114).logLikelihoodRatio < -1)
        #expect(Self.comparison(6, 6, outside: 110, expectedOutside: 114).logLikelihoodRatio < 0)
    }

    @Test func aRiseOnItsPartAloneCountsAgainstIt() {
        #expect(Self.comparison(30, 6, outside: 110, expectedOutside: 114).logLikelihoodRatio > Self.failing)
    }

    @Test func aRiseEverywhereIsNotItsAlone() {
        // Five times the usual on its part and on the rest alike: the common factor explains both.
        #expect(Self.comparison(30, 6, outside: 560, expectedOutside: 114).logLikelihoodRatio < 1)
    }

    @Test func aRiseWithNothingToCompareWeighsLessTheLongerItHasBeenOut() {
        let soon = Self.comparison(300, 60, hours: 0.25).logLikelihoodRatio
        let late = Self.comparison(2_400, 480, hours: 2).logLikelihoodRatio
        #expect(soon > Self.failing)
        #expect(late < soon)
        // Bounded by how unlikely an unrelated surge is in the span: once a week, so at most about ln(168 / 2).
        #expect(late < 5)
    }

    @Test func thousandsAfterASilentHourAreDecisive() {
        #expect(Self.comparison(4_000, 0.01, hours: 1.0 / 60).logLikelihoodRatio > 20)
    }

    @Test func aBadFullRolloutFailsOnTheRiseAlone() throws {
        let change = GF.deploy("deploy-v2", at: 0, percent: 100)
        let events = [change] + GF.background(until: 12) + GF.crashes(60, from: 2, to: 12, version: "v2", tag: "bad")
        let v = try GF.verdict(events, change: change, at: 12)
        #expect(v.outcome == .failing)
        let canary = try #require(v.evidence.first)
        #expect(canary.rule == "canary")
        #expect(canary.text.hasSuffix("(nothing it did not reach to compare with)"))
    }

    @Test func aRiseOnTheWholeFleetIsNotTheCanarys() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        // From minute 2 the fleet crashes five times as often, the canary's twentieth like the rest.
        let before = GF.crashes(60, from: -60, to: 0, tag: "before")
        let after = GF.crashes(95, from: 2, to: 22, tag: "rest") + GF.crashes(5, from: 2, to: 22, version: "v2", tag: "canary")
        let v = try GF.verdict([canary] + before + after, change: canary, at: 22)
        #expect(v.outcome != .failing)
        #expect(v.failingProbability < 0.5)
    }

    /// A canary that landed on a host already failing: its crashes carry the new version, but the host crashed as
    /// often before, and that is the usual rate its part is held to.
    @Test func aCanaryOnAHostAlreadyFailingIsNotBlamed() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let sick = { (from: Double, to: Double, version: String, tag: String) in
            (0..<Int(to - from)).map { i in
                Event(id: "\(tag)-\(i)", time: GF.at(from + Double(i)), kind: .crash, service: "checkout", version: version, host: "sick-host")
            }
        }
        let events = [canary] + GF.background(until: 20) + sick(-60, 0, "v1", "sick-before") + sick(1, 20, "v2", "sick-after")
        let v = try GF.verdict(events, change: canary, at: 20)
        #expect(v.outcome != .failing)
        let text = try #require(v.evidence.first { $0.rule == "canary" }?.text)
        #expect(text.contains("(its 1 host gave 60 in the 1h before its first step)"))
        // The same crashes on a host with no history are the canary's.
        let fresh = [canary] + GF.background(until: 20) + sick(1, 20, "v2", "sick-after")
        #expect(try GF.verdict(fresh, change: canary, at: 20).outcome == .failing)
    }
}

extension CanaryComparisonTests {
    /// Signals that name no version: a regional canary is compared by its region against the others, even before its
    /// region's count clears the usual scatter.
    @Test func aRegionalCanaryIsComparedByItsRegion() throws {
        let canary = GF.deploy("deploy-v2", at: 0, regions: ["eu"])
        let background = (0..<2).flatMap { k in
            GF.crashes(90, from: -60, to: 30, version: nil, region: k == 0 ? "eu" : "us", tag: "bg\(k)")
        }
        let v = try GF.verdict([canary] + background, change: canary, at: 10)
        let text = try #require(v.evidence.first { $0.rule == "canary" }?.text)
        #expect(text.hasPrefix("since its first step, 11 signal occurrences on eu, where the usual rate gives 10"))
        #expect(text.hasSuffix("and 11 on the rest of the fleet, where it gives 10"))
        #expect(v.outcome != .failing)
        // Over five times its region's usual rate while the rest stays at theirs. (With 40 crashes the posterior is
        // 0.899: its seven new hosts standing out are averaged in, and seven hosts alone say less than the counts.)
        let bad = [canary] + background + GF.crashes(45, from: 2, to: 10, version: nil, region: "eu", tag: "bad")
        #expect(try GF.verdict(bad, change: canary, at: 10).outcome == .failing)
    }
}
