import Foundation
import HindsightReport
import Testing

/// Golden drafts: re-record with `HINDSIGHT_RECORD_GOLDEN=1 swift test --filter HindsightReportTests`, never edit by hand.
@Suite struct PostmortemGoldenTests {
    static let cases: [(file: String, events: String, incident: String, template: String)] = [
        ("boot-default.md", ReportFixtures.boot, "INC-1", "default"),
        ("boot-google-sre.md", ReportFixtures.boot, "INC-1", "google-sre"),
        ("boot-status-update.md", ReportFixtures.boot, "INC-1", "status-update"),
        ("payments-default.md", ReportFixtures.payments, "INC-7", "default"),
        ("payments-google-sre.md", ReportFixtures.payments, "INC-7", "google-sre"),
        ("payments-reviewed-default.md", TeamDraftTests.team, "INC-7", "default"),
        ("payments-reviewed-google-sre.md", TeamDraftTests.team, "INC-7", "google-sre"),
        ("payments-reviewed-status-update.md", TeamDraftTests.team, "INC-7", "status-update"),
    ]

    @Test(arguments: cases.indices)
    func matchesGolden(_ index: Int) throws {
        let c = Self.cases[index]
        // A reviewed incident renders with what the team stored and an SLO target, as the CLI does.
        let rendered =
            c.file.contains("reviewed")
            ? try ReportFixtures.renderTeam(c.events, incident: c.incident, template: c.template, objectives: TeamDraftTests.objectives)
            : try ReportFixtures.render(c.events, incident: c.incident, template: c.template)
        let url = ReportFixtures.golden.appendingPathComponent(c.file)
        if ProcessInfo.processInfo.environment["HINDSIGHT_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: ReportFixtures.golden, withIntermediateDirectories: true)
            try rendered.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(
            try? String(contentsOf: url, encoding: .utf8),
            "missing \(c.file): record it with HINDSIGHT_RECORD_GOLDEN=1")
        #expect(rendered == expected, "\(c.file) differs; if the change is intended, re-record with HINDSIGHT_RECORD_GOLDEN=1")
    }

    @Test func sameStoreAndOptionsGiveTheSameBytes() throws {
        let first = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", format: .html)
        let second = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", format: .html)
        #expect(first == second)
    }
}
