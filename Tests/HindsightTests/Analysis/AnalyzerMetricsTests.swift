import Testing

@testable import Hindsight

@Suite("Analyzer metrics")
struct AnalyzerMetricsTests {
    @Test func impactStartIsTheEarliestSignal() {
        let input = AF.input(signals: [
            AF.summary(.alert, first: 14, last: 30), AF.summary(.crash, first: 10, last: 45), AF.summary(.report, first: 12, last: 13),
        ])
        #expect(Analyzer().analyze(input).impactStart == AF.at(10))
    }

    @Test func detectedAtIsTheFirstAlertWhenItPrecedesTheDeclaration() {
        let a = Analyzer().analyze(AF.input(alertAt: 14))
        #expect(a.detectedAt == AF.at(14))
        #expect(a.detectedBy == "alert \"5xx above 2%\"")
        #expect(a.detectionLag == .minutes(4))
    }

    @Test func detectedAtIsTheDeclarationWhenNoAlertCameFirst() {
        let a = Analyzer().analyze(AF.input(alertAt: 25))
        #expect(a.detectedAt == AF.at(20))
        #expect(a.detectedBy == "incident declared")
        #expect(a.detectionLag == .minutes(10))
    }

    @Test func detectedExternallyFirstWhenAReportPrecedesDetection() {
        let a = Analyzer().analyze(AF.input(alertAt: 30, reportAt: 12))
        #expect(a.firstExternalReportAt == AF.at(12))
        #expect(a.detectedExternallyFirst == true)
        let finding = a.findings.first { $0.practice == "internal_detection" }
        #expect(finding?.ok == false)
        #expect(finding?.detail.contains("customers reported it") == true)
    }

    @Test func notExternallyFirstWhenTheAlertCameFirst() {
        let a = Analyzer().analyze(AF.input(alertAt: 11, reportAt: 12))
        #expect(a.detectedExternallyFirst == false)
    }

    @Test func reportWithoutAnyInternalDetectionIsExternallyFirst() {
        let a = Analyzer().analyze(AF.input(lifecycle: [AF.lifecycle("resolved", at: 70)], alertAt: nil, reportAt: 12))
        #expect(a.detectedAt == nil)
        #expect(a.detectionLag == nil)
        #expect(a.detectedExternallyFirst == true)
    }

    @Test func mitigationAndResolutionFromLifecycle() {
        let a = Analyzer().analyze(AF.input())
        #expect(a.mitigatedAt == AF.at(40))
        #expect(a.mitigatedBy == "incident marked mitigated")
        #expect(a.timeToMitigate == .minutes(30))
        #expect(a.resolvedAt == AF.at(70))
        #expect(a.timeToResolve == .hours(1))
    }

    @Test func rollbackOfTheTriggerMitigatesWhenEarlier() {
        let change = AF.change("d-1", at: 8, version: "v2")
        let rollback = Event(id: "rb-1", time: AF.at(30), kind: .rollback, service: "api", reverts: "d-1")
        let facts = CandidateFacts(change: change, rateBefore: 0, rateAfter: 100, rollback: rollback, rateUntilRollback: 100, rateAfterRollback: 0)
        let a = Analyzer().analyze(AF.input(candidates: [facts], versions: ["v2": 10]))
        #expect(a.trigger?.change.id == "d-1")
        #expect(a.mitigatedAt == AF.at(30))
        #expect(a.mitigatedBy == "rollback rb-1")
        #expect(a.timeToMitigate == .minutes(20))
        #expect(a.findings.first { $0.practice == "rollback" }?.ok == true)
    }

    @Test func unknownValuesAreNil() {
        let input = AnalysisInput(incident: "INC-9", lifecycle: [AF.lifecycle("declared", at: 20, incident: "INC-9")], services: ["api"])
        let a = Analyzer().analyze(input)
        #expect(a.impactStart == nil)
        #expect(a.detectedAt == AF.at(20))
        #expect(a.detectionLag == nil)
        #expect(a.mitigatedAt == nil)
        #expect(a.timeToMitigate == nil)
        #expect(a.resolvedAt == nil)
        #expect(a.timeToResolve == nil)
        #expect(a.firstExternalReportAt == nil)
        #expect(a.trigger == nil)
        #expect(a.abstention?.contains("no signals") == true)
    }

    @Test func detectionLagFindingAgainstTarget() {
        var options = AnalysisOptions()
        options.detectionTarget = .minutes(3)
        let slow = Analyzer(options: options).analyze(AF.input(alertAt: 14))
        #expect(slow.findings.first { $0.practice == "detection_lag" }?.ok == false)
        options.detectionTarget = .minutes(5)
        let fast = Analyzer(options: options).analyze(AF.input(alertAt: 14))
        #expect(fast.findings.first { $0.practice == "detection_lag" }?.ok == true)
    }

    @Test func blastRadiusCarriesTheTriggerExposure() {
        let scope = Scope(percent: 100, hosts: 1000)
        let rollback = Event(id: "rb-1", time: AF.at(30), kind: .rollback, service: "api", reverts: "c-1")
        let facts = CandidateFacts(
            change: AF.change("c-1", .config, at: 9, version: "cfg-7", scope: scope), rateAfter: 50,
            rollback: rollback, rateUntilRollback: 50, rateAfterRollback: 0)
        let a = Analyzer().analyze(AF.input(candidates: [facts], versions: ["cfg-7": 10]))
        #expect(a.blastRadius.exposure == scope)
        #expect(a.blastRadius.hosts == 5)
        #expect(a.findings.first { $0.practice == "canary" }?.ok == false)
    }
}
