import Testing

@testable import Hindsight

@Suite("What-if model")
struct WhatIfModelTests {
    let model = WhatIfModel(plan: .default)

    /// 100% of 8.5M hosts at 04:09, impact 04:10, detected 04:20, rolled back 04:25: halted 16 minutes
    /// into the rollout, inside the 30-minute 1% stage, so 85,000 hosts instead of 8.5M.
    @Test func instantRolloutDetectedBeforeTheFirstStageEnds() throws {
        let a = WF.analysis(
            steps: [WF.change("cs-291", at: 9, percent: 100, hosts: 8_500_000)],
            impact: 10, detected: 20, mitigated: 25, blastHosts: 8_500_000)
        let r = try model.simulate(a)
        #expect(r.actualCurve == [ExposurePoint(time: WF.at(9), percent: 100, eventID: "cs-291")])
        #expect(r.fleetHosts == 8_500_000)
        #expect(r.impactRate == 1)
        #expect(r.onsetDelay == .minutes(1))
        #expect(r.detectionLag == .minutes(10))
        #expect(r.detectionLagMeasured)
        #expect(r.rollbackDelay == .minutes(5))
        #expect(
            r.actual
                == WhatIfOutcome(
                    exposedPercent: 100, hostsExposed: 8_500_000, hostsAffected: 8_500_000,
                    impactStart: WF.at(10), detectedAt: WF.at(20), haltedAt: WF.at(25), duration: .minutes(15)))
        #expect(
            r.simulated
                == WhatIfOutcome(
                    exposedPercent: 1, hostsExposed: 85_000, hostsAffected: 85_000, stage: 1,
                    impactStart: WF.at(10), detectedAt: WF.at(20), haltedAt: WF.at(25), duration: .minutes(15)))
        #expect(r.reductionFactor == 100)
        #expect(r.sentence == "A 1% canary held for 30 minutes would have limited the impact to about 85,000 hosts instead of 8.5 million: 100 times fewer.")
    }

    /// Half of the exposed hosts crashed; detected at 05:00, rolled back at 05:10: halted 61 minutes
    /// in, during the 10% stage (30m–90m): 850,000 exposed × 0.5 = 425,000 affected.
    @Test func instantRolloutHaltedDuringTheSecondStage() throws {
        let a = WF.analysis(
            steps: [WF.change("cs-291", at: 9, percent: 100, hosts: 8_500_000)],
            impact: 10, detected: 60, mitigated: 70, blastHosts: 4_250_000)
        let r = try model.simulate(a)
        #expect(r.impactRate == 0.5)
        #expect(r.simulated.stage == 2)
        #expect(r.simulated.exposedPercent == 10)
        #expect(r.simulated.hostsExposed == 850_000)
        #expect(r.simulated.hostsAffected == 425_000)
        #expect(r.simulated.haltedAt == WF.at(70))
        #expect(r.actual.hostsAffected == 4_250_000)
        #expect(r.reductionFactor == 10)
        #expect(
            r.sentence == "A 1% canary held for 30 minutes, then 10% for 1 hour, "
                + "would have limited the impact to about 430,000 hosts instead of 4.3 million: 10 times fewer.")
    }

    /// Detected two hours after impact and no rollback recorded: the plan's 100% stage (from 90m) is
    /// reached at 2h 1m, so the staged rollout changes nothing.
    @Test func detectionAfterTheLastStageGivesNoReduction() throws {
        let a = WF.analysis(
            steps: [WF.change("cs-291", at: 9, percent: 100, hosts: 1000)],
            impact: 10, detected: 130, mitigated: nil, blastHosts: 1000)
        let r = try model.simulate(a)
        #expect(r.rollbackDelay == .seconds(0))
        #expect(r.assumptions.contains("rollback delay unknown: no rollback or mitigation is recorded; assumed 0 (the rollout halts at detection)"))
        #expect(r.simulated.stage == 3)
        #expect(r.simulated.hostsAffected == 1000)
        #expect(r.simulated.haltedAt == WF.at(130))
        #expect(r.actual.haltedAt == nil)
        #expect(r.actual.duration == nil)
        #expect(r.reductionFactor == 1)
        #expect(
            r.sentence == "A 1% canary held for 30 minutes, then 10% for 1 hour, then 100%, would not have limited the impact: "
                + "the rollout would have reached 100% of the fleet before it was halted, 2 hours 1 minute after it began, as the actual rollout did.")
    }

    /// A halt exactly when the next stage is due does not start that stage.
    @Test func haltAtAStageBoundaryStaysInTheEarlierStage() throws {
        let a = WF.analysis(
            steps: [WF.change("cs-291", at: 0, percent: 100, hosts: 1000)],
            impact: 0, detected: 30, mitigated: 30, blastHosts: 1000)
        let r = try model.simulate(a)
        #expect(r.simulated.stage == 1)
        #expect(r.simulated.hostsAffected == 10)
    }

    /// Actual rollout 5% at 04:00 (50 of 1,000 hosts), 50% at 04:30, 100% at 05:00; impact 04:35 after
    /// the 50% step, detected 04:45, rolled back 04:50, so 50% (500 hosts) was exposed and 100 crashed:
    /// rate 0.2. Replayed from 04:00: first impact 04:05, halt 04:20, in the 1% stage: 10 × 0.2 = 2 hosts.
    @Test func stagedActualRolloutIsComparedAtItsHalt() throws {
        let steps = [
            WF.change("s-5", at: 0, percent: 5, hosts: 50), WF.change("s-50", at: 30, percent: 50),
            WF.change("s-100", at: 60, percent: 100),
        ]
        let a = WF.analysis(steps: steps, trigger: steps[1], impact: 35, detected: 45, mitigated: 50, blastHosts: 100)
        let r = try model.simulate(a)
        #expect(r.actualCurve.map(\.percent) == [5, 50, 100])
        #expect(r.fleetHosts == 1000)
        #expect(r.actual.exposedPercent == 50)
        #expect(r.actual.hostsExposed == 500)
        #expect(r.impactRate == 0.2)
        #expect(r.onsetDelay == .minutes(5))
        #expect(r.simulated.impactStart == WF.at(5))
        #expect(r.simulated.detectedAt == WF.at(15))
        #expect(r.simulated.haltedAt == WF.at(20))
        #expect(r.simulated.stage == 1)
        #expect(r.simulated.hostsAffected == 2)
        #expect(r.reductionFactor == 50)
        #expect(r.sentence == "A 1% canary held for 30 minutes would have limited the impact to about 2 hosts instead of 100: 50 times fewer.")
    }

    /// The actual change reached only 5%; a plan starting at 10% would have exposed twice as much.
    @Test func aPlanWiderThanTheActualRolloutSpreadsFurther() throws {
        let a = WF.analysis(steps: [WF.change("c", at: 0, percent: 5, hosts: 50)], impact: 1, detected: 11, mitigated: 20, blastHosts: 50)
        let r = try WhatIfModel(plan: try RolloutPlan.parse("10%:1h,100%")).simulate(a)
        #expect(r.fleetHosts == 1000)
        #expect(r.simulated.hostsAffected == 100)
        #expect(r.reductionFactor == 0.5)
        #expect(
            r.sentence == "A 10% canary held for 1 hour would have spread the impact further, to about 100 hosts instead of 50 (2 times more): "
                + "the actual rollout was halted at 5% of the fleet, but this plan would have reached 10% by then.")
    }

    @Test func fleetEstimatedFromTheBlastRadiusWhenNoScopeHosts() throws {
        let a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100)], impact: 10, detected: 20, mitigated: 25, blastHosts: 2000)
        let r = try model.simulate(a)
        #expect(r.fleetHosts == 2000)
        #expect(r.impactRate == 1)
        #expect(r.simulated.hostsAffected == 20)
        #expect(r.assumptions.contains { $0.hasPrefix("fleet: no step of the rollout records scope.hosts, so every exposed host is assumed affected") })
    }

    @Test func sharesOnlyWhenNeitherFleetNorHostsAreKnown() throws {
        let a = WF.analysis(steps: [WF.change("c", at: 9)], impact: 10, detected: 20, mitigated: 25, blastHosts: 0)
        let r = try model.simulate(a)
        #expect(r.fleetHosts == nil)
        #expect(r.impactRate == nil)
        #expect(r.simulated.hostsAffected == nil)
        #expect(r.actual.exposedPercent == 100)
        #expect(r.assumptions.contains("c records no scope.percent, so it is assumed to have reached the whole fleet at once at 2024-07-19T04:09:00Z"))
        #expect(r.sentence == "A 1% canary held for 30 minutes would have limited the impact to about 1% of the fleet instead of 100%: 100 times fewer.")
    }

    @Test func rollbackBeforeDetectionCountsAsNoDelay() throws {
        let a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100, hosts: 100)], impact: 10, detected: 90, mitigated: 80, blastHosts: 100)
        let r = try model.simulate(a)
        #expect(r.rollbackDelay == .seconds(0))
        #expect(r.simulated.haltedAt == WF.at(90))
        #expect(r.simulated.stage == 2)
    }

    @Test func overridesReplaceTheMeasuredTimes() throws {
        let a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100, hosts: 1000)], impact: 10, detected: nil, mitigated: nil, blastHosts: 1000)
        #expect(throws: WhatIfError.detectionLagUnknown(incident: "INC-1")) { try model.simulate(a) }
        let r = try WhatIfModel(plan: .default, detectionLag: .minutes(40), rollbackDelay: .minutes(50)).simulate(a)
        #expect(!r.detectionLagMeasured)
        #expect(r.simulated.haltedAt == WF.at(100))  // 04:10 + 40m + 50m
        #expect(r.simulated.stage == 3)
    }

    @Test func noTriggerIsAnActionableError() {
        var a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100)], impact: 10, detected: 20, mitigated: 25, blastHosts: 1)
        a.trigger = nil
        #expect(throws: WhatIfError.noTrigger(incident: "INC-1")) { try model.simulate(a) }
        // The library says what is wrong; the command line adds which command tells why (FrontEndHint).
        #expect(WhatIfError.noTrigger(incident: "INC-1").description == "no trigger identified for INC-1, so there is no rollout to simulate")
    }

    @Test func jsonCarriesBothOutcomesAndTheFactor() throws {
        let a = WF.analysis(
            steps: [WF.change("cs-291", at: 9, percent: 100, hosts: 8_500_000)],
            impact: 10, detected: 20, mitigated: 25, blastHosts: 8_500_000)
        let json = try model.simulate(a).json
        #expect(
            json.hasPrefix(
                #"{"incident":"INC-1","trigger":"cs-291","plan":"1%:30m,10%:1h,100%","#
                    + #""stages":[{"percent":1,"hold_seconds":1800},{"percent":10,"hold_seconds":3600},{"percent":100,"hold_seconds":null}]"#))
        #expect(
            json.contains(
                #""simulated":{"exposed_percent":1,"stage":1,"hosts_exposed":85000,"hosts_affected":85000,"#
                    + #""impact_start":"2024-07-19T04:10:00Z","detected_at":"2024-07-19T04:20:00Z","halted_at":"2024-07-19T04:25:00Z","#
                    + #""duration_seconds":900}"#))
        #expect(json.contains(#""reduction_factor":100,"#))
    }
}

@Suite("What-if model: hosts affected")
struct WhatIfHostsAffectedTests {
    /// Per-host crash events (one event per occurrence): the distinct hosts are the figure.
    @Test func perHostSignalsCountDistinctHosts() throws {
        var a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100, hosts: 1000)], impact: 10, detected: 20, mitigated: 25, blastHosts: 40)
        a.blastRadius.crashes = 90
        a.signals = [SignalSummary(kind: .crash, events: 90, occurrences: 90, hosts: 40, first: WF.at(10), last: WF.at(24))]
        let r = try WhatIfModel().simulate(a)
        #expect(r.impactRate == 0.04)
        #expect(r.actual.hostsAffected == 40)
    }

    /// Aggregates (30 events for 600 occurrences on 3 host-group values): occurrences, capped at exposure.
    @Test func aggregateSignalsCountOccurrencesCappedAtExposure() throws {
        var a = WF.analysis(steps: [WF.change("c", at: 9, percent: 100, hosts: 1000)], impact: 10, detected: 20, mitigated: 25, blastHosts: 3)
        a.blastRadius.crashes = 600
        a.signals = [SignalSummary(kind: .crash, events: 30, occurrences: 600, hosts: 3, first: WF.at(10), last: WF.at(24))]
        let r = try WhatIfModel().simulate(a)
        #expect(r.impactRate == 0.6)
        #expect(r.actual.hostsAffected == 600)
        #expect(r.simulated.hostsAffected == 6)
        a.blastRadius.crashes = 5000
        a.signals[0].occurrences = 5000
        #expect(try WhatIfModel().simulate(a).actual.hostsAffected == 1000)
    }
}
