import Testing

@testable import Hindsight

/// The `staged_rollout_whatif` finding the Analyzer adds, on a hand-built input with the figures of
/// sample-incidents/crowdstrike-2024-07-19: Channel File 291 to 100% of 8.5 million hosts at 04:09,
/// crashes from 04:09 in 320 aggregate events (8,499,999 occurrences on 320 host-group values),
/// a customer report at 04:20, declared at 05:00, reverted and mitigated at 05:27.
@Suite("What-if finding")
struct WhatIfFindingTests {
    static func input(scope: Scope?, steps: [Event]? = nil) -> AnalysisInput {
        let change = Event(id: "cs-channel-file-291", time: WF.at(9), kind: .config, service: "falcon-sensor", version: "channel-file-291", scope: scope)
        let rollback = Event(id: "cs-channel-file-291-revert", time: WF.at(87), kind: .rollback, service: "falcon-sensor", reverts: "cs-channel-file-291")
        let facts = CandidateFacts(
            change: change, rolloutSteps: steps ?? [change], rateBefore: 0, rateAfter: 8_000_000,
            rollback: rollback, rateUntilRollback: 6_000_000, rateAfterRollback: 0)
        func lifecycle(_ status: String, _ minutes: Double) -> Event {
            Event(id: "cs-\(status)", time: WF.at(minutes), kind: .incident, service: "falcon-sensor", status: status, incident: "crowdstrike-2024-07-19")
        }
        return AnalysisInput(
            incident: "crowdstrike-2024-07-19",
            lifecycle: [lifecycle("declared", 60), lifecycle("mitigated", 87)],
            services: ["falcon-sensor"],
            signals: [
                SignalSummary(kind: .crash, events: 320, occurrences: 8_499_999, hosts: 320, first: WF.at(9), last: WF.at(86)),
                SignalSummary(kind: .report, events: 1, occurrences: 1, hosts: 0, first: WF.at(20), last: WF.at(20)),
            ],
            firstReport: Event(id: "report-1", time: WF.at(20), kind: .report, service: "falcon-sensor"),
            blast: BlastRadius(hosts: 320, crashes: 8_499_999, services: ["falcon-sensor"]),
            signalVersions: ["channel-file-291": 8_499_999], candidates: [facts])
    }

    /// Onset 0, detection lag 51m, rollback 27m after detection: the staged rollout halts at 05:27,
    /// 78 minutes in, during the 10% stage (30m–90m): 850,000 hosts instead of 8.5 million.
    @Test func wholeFleetTriggerGetsTheDefaultPlanSentence() throws {
        let a = Analyzer().analyze(Self.input(scope: Scope(percent: 100, hosts: 8_500_000)))
        #expect(a.trigger?.change.id == "cs-channel-file-291")
        let finding = try #require(a.findings.last)
        #expect(finding.practice == "staged_rollout_whatif")
        #expect(finding.ok == false)
        #expect(
            finding.detail == "A 1% canary held for 30 minutes, then 10% for 1 hour, "
                + "would have limited the impact to about 850,000 hosts instead of 8.5 million: 10 times fewer.")

        let r = try WhatIfModel().simulate(a)
        #expect(r.onsetDelay == .seconds(0))
        #expect(r.detectionLag == .minutes(51))
        #expect(r.rollbackDelay == .minutes(27))
        #expect(r.actual.hostsAffected == 8_499_999)
        #expect(r.simulated.haltedAt == WF.at(87))
        #expect(r.simulated.stage == 2)
        #expect(r.simulated.hostsExposed == 850_000)
        #expect(r.simulated.hostsAffected == 850_000)
        #expect(r.simulated.duration == .minutes(78))
        #expect(r.reductionFactor == 10)
        #expect(
            r.assumptions.contains {
                $0.hasPrefix("crash signals are aggregates (320 events standing for 8,499,999 occurrences on 320 distinct host values)")
            })
    }

    @Test func stagedTriggerGetsNoWhatIfFinding() {
        let steps = [
            Event(id: "cs-1", time: WF.at(0), kind: .config, service: "falcon-sensor", version: "channel-file-291", scope: Scope(percent: 1)),
            Event(
                id: "cs-channel-file-291", time: WF.at(9), kind: .config, service: "falcon-sensor", version: "channel-file-291",
                scope: Scope(percent: 100)),
        ]
        let a = Analyzer().analyze(Self.input(scope: Scope(percent: 100), steps: steps))
        #expect(a.trigger?.change.id == "cs-channel-file-291")
        #expect(a.findings.contains { $0.practice == "canary" && $0.ok == true })
        #expect(!a.findings.contains { $0.practice == "staged_rollout_whatif" })
    }

    @Test func triggerWithoutScopeGetsNoWhatIfFinding() {
        let a = Analyzer().analyze(Self.input(scope: nil))
        #expect(a.trigger?.change.id == "cs-channel-file-291")
        #expect(!a.findings.contains { $0.practice == "staged_rollout_whatif" })
    }
}
