import Testing

@testable import Hindsight

/// Severities sort by rank, most severe first, across the scales teams use, keeping their text.
@Suite struct SeverityTests {
    @Test func levelOneOfEveryScaleSortsAboveLevelTwo() {
        let written = ["warning", "P2", "info", "SEV2", "critical", "sev-1", "P1", "Sev 0", "unknown-level", "SEV1"]
        let sorted = written.map(Severity.init).sorted().map(\.text)
        #expect(sorted == ["Sev 0", "P1", "SEV1", "critical", "sev-1", "P2", "SEV2", "warning", "info", "unknown-level"])
    }

    @Test func ranksFollowTheCommonScales() {
        #expect(Severity("SEV1").rank == 10)
        #expect(Severity("Priority 3").rank == 30)
        #expect(Severity("p4").rank == 40)
        #expect(Severity("CRITICAL").rank == 10)
        #expect(Severity("error").rank == 15, "PagerDuty's error sits between critical and warning")
        #expect(Severity("Warning").rank == 20)
        #expect(Severity("disaster").rank == 5)
        #expect(Severity("debug").rank == 40)
        #expect(Severity("sev").rank == nil)
        #expect(Severity("P123").rank == nil, "three digits are a name, not a level")
        #expect(Severity("blue").rank == nil)
    }

    @Test func theTextIsKeptAsWritten() {
        let s = Severity(" Sev-2 ")
        #expect(s.text == " Sev-2 ")
        #expect(s.description == " Sev-2 ")
        #expect(s.rank == 20)
        #expect(Severity("zeta") > Severity("alpha"), "unranked texts sort by text, after every ranked one")
        #expect(Severity("alpha") > Severity("info"))
    }
}
