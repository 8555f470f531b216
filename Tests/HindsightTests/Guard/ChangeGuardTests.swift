import Testing

@testable import Hindsight

@Suite("The guard's verdict")
struct ChangeGuardTests {
    @Test func aBadCanaryFails() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let events = [canary] + GF.background(until: 30) + GF.crashes(12, from: 2, to: 10, version: "v2", tag: "bad")
        let v = try GF.verdict(events, change: canary, at: 10)
        #expect(v.outcome == .failing)
        #expect((v.confidence ?? 0) >= 0.9)
        #expect(v.incident == "guard-deploy-v2")
        #expect(v.evidence.contains { $0.llr > 0 && $0.text.contains("'v2'") })
        #expect(v.exposure.percent == 5)
        // The background's crashes of minutes 0 through 10 (the one at 04:10 is known at 04:10) and the canary's twelve.
        #expect(v.signalsSince == 11 + 12)
        #expect(v.missing.isEmpty)
    }

    @Test func aHealthyCanaryOnABusyServiceIsHealthy() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        // 2 crashes a minute, one in twenty on the canary's version: its share of the fleet.
        let before = GF.crashes(120, from: -60, to: 0, tag: "before")
        let after = GF.crashes(57, from: 0, to: 30, tag: "after") + GF.crashes(3, from: 1, to: 29, version: "v2", tag: "canary")
        let v = try GF.verdict([canary] + before + after, change: canary, at: 30)
        #expect(v.outcome == .healthy)
        #expect((v.confidence ?? 0) >= 0.8)
        #expect(v.missing.isEmpty)
        #expect(v.expectedSignals > 2)
        #expect(v.summary.hasPrefix("deploy-v2 looks healthy"))
    }

    @Test func aQuietServiceIsInconclusiveAndSaysWhy() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let v = try GF.verdict([canary] + GF.crashes(1, from: -30, to: -29, tag: "lone"), change: canary, at: 30)
        #expect(v.outcome == .inconclusive)
        #expect(v.confidence == nil)
        #expect(v.missing.contains { $0.hasPrefix("too little traffic to tell yet: at the usual rate (1/h on checkout)") })
    }

    @Test func tooEarlyIsInconclusive() throws {
        let canary = GF.deploy("deploy-v2", at: 0, percent: 100)
        let v = try GF.verdict([canary] + GF.background(until: 2), change: canary, at: 2)
        #expect(v.outcome == .inconclusive)
        #expect(v.missing.contains("it has been out only 2m; a healthy verdict needs at least 5m"))
    }

    @Test func beforeItsFirstStepIsInconclusive() throws {
        let canary = GF.deploy("deploy-v2", at: 10)
        let v = try GF.verdict([canary] + GF.background(until: 20), change: canary, at: 5)
        #expect(v.outcome == .inconclusive)
        #expect(v.exposure.steps.isEmpty)
        #expect(v.missing == ["it had not begun by 2024-07-19T04:05:00Z: its first step is at 2024-07-19T04:10:00Z"])
    }

    /// A pure function of the store and the time: what came after the time asked about changes nothing.
    @Test func laterEventsDoNotChangeAnEarlierVerdict() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let next = GF.deploy("deploy-v2-step2", at: 20, percent: 25)
        let early = [canary] + GF.background(until: 8)
        let later = early + GF.background(until: 30).filter { $0.time > GF.at(8) } + [next] + GF.crashes(20, from: 9, to: 25, version: "v2", tag: "late")
        let a = try GF.verdict(early, change: canary, at: 8)
        let b = try GF.verdict(later, change: canary, at: 8)
        #expect(a == b)
        #expect(b.outcome != .failing)
        #expect(b.exposure.steps.map(\.id) == ["deploy-v2"])
        #expect(try GF.verdict(later, change: next, at: 25).exposure.steps.map(\.id) == ["deploy-v2", "deploy-v2-step2"])
    }

    @Test func aRollbackThatEndedTheImpactIsARecovery() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let rollback = Event(id: "rb", time: GF.at(12), kind: .rollback, service: "checkout", reverts: "deploy-v2")
        let events = [canary, rollback] + GF.background(until: 40) + GF.crashes(12, from: 2, to: 11, version: "v2", tag: "bad")
        let v = try GF.verdict(events, change: canary, at: 30)
        #expect(v.exposure.rollback?.id == "rb")
        #expect(v.exposure.percent == 0)
        #expect(v.recovery?.hasPrefix("rollback rb ended at 2024-07-19T04:12:00Z; signals on checkout since are at") == true)
        #expect(try GF.verdict(events, change: canary, at: 14).recovery == nil)
    }

    @Test func theJSONCarriesTheContract() throws {
        let canary = GF.deploy("deploy-v2", at: 0)
        let events = [canary] + GF.background(until: 30) + GF.crashes(12, from: 2, to: 10, version: "v2", tag: "bad")
        let json = try GF.verdict(events, change: canary, at: 10).json
        for key in [
            "\"change\":\"deploy-v2\"", "\"verdict\":\"failing\"", "\"confidence\":", "\"evidence\":[{\"rule\":", "\"exposure\":{\"percent\":5,",
            "\"evaluated_at\":\"2024-07-19T04:10:00Z\"", "\"incident\":\"guard-deploy-v2\"",
        ] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
    }
}
