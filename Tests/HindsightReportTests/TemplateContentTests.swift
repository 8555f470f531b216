import Hindsight
import HindsightReport
import Testing

/// Content checks of the `google-sre` and `status-update` templates, derived from the analysis
/// rather than from their golden files, so a wrong golden cannot pass unnoticed.
@Suite struct TemplateContentTests {
    /// The `## ` headings of a Markdown document, in order.
    static func headings(_ md: String, level: String = "## ") -> [String] {
        md.split(separator: "\n").filter { $0.hasPrefix(level) }.map { String($0.dropFirst(level.count)) }
    }

    @Test func googleSRESectionsComeInTheOrderOfGooglesTemplate() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", template: "google-sre")
        #expect(md.hasPrefix("# INC-1: Windows hosts crash in a boot loop — Postmortem\n"))
        let expected = ["Summary", "Impact", "Root causes", "Trigger", "Detection", "Resolution", "Action items", "Lessons learned", "Timeline"]
        let found = Self.headings(md).filter(expected.contains)
        #expect(found == expected)
        #expect(Self.headings(md, level: "### ").starts(with: ["What went well", "What went wrong", "Where we got lucky"]))
    }

    @Test func googleSRETriggerSectionListsEveryReasonOfTheAnalysis() throws {
        let (analysis, _) = try ReportFixtures.analysed(ReportFixtures.boot, incident: "INC-1")
        let trigger = try #require(analysis.trigger)
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", template: "google-sre")
        let section = try #require(md.components(separatedBy: "## Trigger\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(section.contains("The \(trigger.change.kind.rawValue) `\(trigger.change.id)` on `\(trigger.change.service)`"))
        let bullets = section.split(separator: "\n").filter { $0.hasPrefix("- ") }
        #expect(bullets.count == trigger.reasons.count)
        for reason in trigger.reasons { #expect(bullets.contains { $0.contains(reason.prefix(30)) }, "missing reason: \(reason)") }
    }

    @Test func googleSREActionItemsFollowTheGapsAndEndWithABlankRow() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", template: "google-sre")
        let section = try #require(md.components(separatedBy: "## Action items\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        let actions = try #require(MarkdownTree(section).tables.first)
        #expect(Set(actions) == [5], "every row of the action items table has Google's four columns and the priority")
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.hasSuffix("| _TBD_ | _TBD_ |") }
        #expect(rows.last == "| _Action item_ | prevent / mitigate / detect / process | P1–P4 | _TBD_ | _TBD_ |")
        // boot: the whole fleet at once, customers first, slow detection: one proposed item each, then the blank row.
        #expect(rows.count == 4)
        #expect(rows.contains { $0.contains("in stages (canary first)") && $0.contains("`falcon-sensor`") })
        #expect(rows.contains { $0.contains("before customers report it") })
        #expect(rows.contains { $0.contains("Shorten detection (it took 1h 19m") })
        let payments = try ReportFixtures.render(ReportFixtures.payments, incident: "INC-7", template: "google-sre")
        #expect(!payments.contains("before customers report it"), "payments was detected internally first")
        #expect(!payments.contains("Customers reported it first"))
    }

    @Test func statusUpdateIsOneShortSectionWithTheTimesTable() throws {
        let (analysis, _) = try ReportFixtures.analysed(ReportFixtures.boot, incident: "INC-1")
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", template: "status-update")
        #expect(md.hasPrefix("## INC-1: Windows hosts crash in a boot loop\n"))
        #expect(Self.headings(md, level: "# ").isEmpty, "a status update is a section, never a document title")
        let tree = MarkdownTree(md)
        #expect(tree.tables == [[4, 4]])
        let times = [analysis.impactStart, analysis.detectedAt, analysis.mitigatedAt, analysis.resolvedAt]
            .map { try! #require($0) }.map { ReportTimeZone.utc.dateTime($0) }
        #expect(md.contains("| " + times.joined(separator: " | ") + " |"))
        #expect(md.contains("**Severity:** SEV1"))
        #expect(md.contains("**Cause.** The config `cs-291` on `falcon-sensor`"))
        #expect(md.contains("**Note:** Customers reported it first"))
    }

    @Test func statusUpdateWithoutExternalReportFirstHasNoWarning() throws {
        let md = try ReportFixtures.render(ReportFixtures.payments, incident: "INC-7", template: "status-update")
        #expect(md.hasPrefix("## INC-7: Card payments failing in eu-west\n"))
        #expect(!md.contains("Customers reported it first"))
        #expect(md.contains("**Severity:** SEV2"))
        #expect(md.contains("`payments`"))
    }
}
