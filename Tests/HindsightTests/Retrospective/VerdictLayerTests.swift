import Hindsight
import Testing

/// The team's verdicts over the correlator's ranking: confirm, reject, and the last verdict winning.
@Suite struct VerdictLayerTests {
    /// `d-good` carries the crashing version, shipped to a tenth of the fleet (the correlator's trigger); `cfg-x` only has timing, and a rollback
    /// at minute 25; `r-1`/`r-2` are two steps of one staged release.
    static func input() -> AnalysisInput {
        let rb = Event(id: "rb-x", time: AF.at(25), kind: .rollback, service: "api", reverts: "cfg-x")
        let r1 = AF.change("r-1", .release, at: 2, version: "flag-a", scope: Scope(percent: 5))
        let r2 = AF.change("r-2", .release, at: 4, version: "flag-a", scope: Scope(percent: 50))
        return AF.input(
            candidates: [
                CandidateFacts(change: AF.change("d-good", at: 5, version: "v2", scope: Scope(percent: 10)), rateBefore: 0, rateAfter: 20),
                CandidateFacts(change: AF.change("cfg-x", .config, at: 8, version: "c1"), rateBefore: 0, rateAfter: 20, rollback: rb),
                CandidateFacts(change: r2, rolloutSteps: [r1, r2], rateBefore: 0, rateAfter: 20),
            ], versions: ["v2": 10])
    }

    static func verdict(_ change: String, _ decision: TeamVerdict.Decision, at minutes: Double, by: String = "ana") -> TeamVerdict {
        TeamVerdict(incident: "INC-1", change: change, decision: decision, by: by, why: "because", time: AF.at(minutes), eventID: "v-\(minutes)")
    }

    static func analyze(_ verdicts: [TeamVerdict], facts: CandidateFacts? = nil) -> IncidentAnalysis {
        Analyzer().analyze(input(), verdicts: Verdicts(verdicts, confirmedFacts: facts))
    }

    @Test func withoutVerdictsTheCorrelatorDecides() {
        let a = Self.analyze([])
        #expect(a.trigger?.change.id == "d-good")
        #expect(a.correlatorTrigger?.change.id == "d-good")
        #expect(a.confirmation == nil)
        #expect(a.mitigatedBy == "incident marked mitigated")
        #expect(a.json.contains("\"verdicts\":[]"))
        #expect(!a.json.contains("confirmed_by"))
    }

    @Test func aConfirmedChangeIsTheTriggerAndDrivesMitigation() throws {
        let a = Self.analyze([Self.verdict("cfg-x", .confirmed, at: 100)])
        #expect(a.trigger?.change.id == "cfg-x")
        #expect(a.candidates.first?.change.id == "cfg-x")
        #expect(a.candidates.filter { $0.change.id == "cfg-x" }.count == 1)
        #expect(a.correlatorTrigger?.change.id == "d-good")
        #expect(a.confirmation?.by == "ana")
        #expect(a.trigger?.reasons.first == "confirmed as the trigger by ana at 2024-07-19T05:40:00Z: because")
        // Its rollback at minute 25 mitigated it, before the incident was marked mitigated at 40.
        #expect(a.rollback?.id == "rb-x")
        #expect(a.mitigatedAt == AF.at(25))
        #expect(a.mitigatedBy == "rollback rb-x")
        #expect(a.timeToMitigate == .minutes(15))
        #expect(a.findings.first { $0.practice == "rollback" }?.ok == true)
        let json = a.json
        #expect(json.contains("\"confirmed_by\":\"ana\",\"confirmed_at\":\"2024-07-19T05:40:00Z\",\"confirmed_why\":\"because\""))
        #expect(json.contains("\"correlator_trigger\":{\"id\":\"d-good\""))
        #expect(json.contains("\"verdicts\":[{\"change\":\"cfg-x\",\"verdict\":\"confirmed\",\"by\":\"ana\""))
    }

    @Test func aRejectedChangeIsNeverReturned() {
        let a = Self.analyze([Self.verdict("d-good", .rejected, at: 100)])
        #expect(a.trigger?.change.id != "d-good")
        #expect(!a.candidates.contains { $0.change.id == "d-good" })
        #expect(a.correlatorTrigger?.change.id != "d-good")
        #expect(!a.json.contains("\"id\":\"d-good\""))
        #expect(a.verdicts.map(\.decision) == [.rejected])
    }

    @Test func rejectingOneStepOfARolloutRejectsTheWholeRollout() {
        let a = Self.analyze([Self.verdict("r-1", .rejected, at: 100)])
        #expect(!a.candidates.contains { ["r-1", "r-2"].contains($0.change.id) || $0.rolloutSteps.contains { $0.id == "r-1" } })
        #expect(a.trigger?.change.id == "d-good")
    }

    @Test func confirmThenRejectLeavesTheCorrelatorsChoiceWithoutIt() {
        let a = Self.analyze([Self.verdict("cfg-x", .confirmed, at: 100), Self.verdict("cfg-x", .rejected, at: 110, by: "bob")])
        #expect(a.trigger?.change.id == "d-good")
        #expect(a.confirmation == nil)
        #expect(!a.candidates.contains { $0.change.id == "cfg-x" })
        #expect(a.mitigatedBy == "incident marked mitigated")
        #expect(a.verdicts.count == 1)
        #expect(a.verdicts.first?.decision == .rejected && a.verdicts.first?.by == "bob")
    }

    @Test func rejectThenConfirmConfirms() {
        let a = Self.analyze([Self.verdict("cfg-x", .rejected, at: 100), Self.verdict("cfg-x", .confirmed, at: 110)])
        #expect(a.trigger?.change.id == "cfg-x")
        #expect(a.confirmation?.time == AF.at(110))
    }

    @Test func theLatestConfirmationWinsAcrossChanges() {
        let a = Self.analyze([Self.verdict("cfg-x", .confirmed, at: 100), Self.verdict("r-2", .confirmed, at: 110)])
        #expect(a.trigger?.change.id == "r-2")
        #expect(a.trigger?.rolloutSteps.map(\.id) == ["r-1", "r-2"])
        #expect(a.findings.first { $0.practice == "canary" }?.ok == true)
    }

    @Test func aConfirmedChangeTheCorrelatorNeverRankedComesFromTheStoresFacts() {
        let old = AF.change("old-1", at: -30_000, version: "v0")
        let rb = Event(id: "rb-old", time: AF.at(30), kind: .rollback, service: "api", reverts: "old-1")
        let a = Self.analyze([Self.verdict("old-1", .confirmed, at: 100)], facts: CandidateFacts(change: old, rollback: rb))
        #expect(a.trigger?.change.id == "old-1")
        #expect(a.trigger?.score == 0)
        #expect(a.correlatorTrigger?.change.id == "d-good")
        #expect(a.mitigatedBy == "rollback rb-old")
        #expect(a.timeToMitigate == .minutes(20))
    }
}
