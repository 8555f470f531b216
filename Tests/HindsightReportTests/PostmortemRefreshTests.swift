import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

/// A post-mortem re-rendered into a file people edited: generated regions refreshed, their words kept.
@Suite struct PostmortemRefreshTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    /// The payments draft rendered from `store`.
    static func render(_ store: EventStore, template: String = "default") throws -> String {
        let analysis = try store.analysis(incident: "INC-7")
        return Postmortem.render(
            analysis: analysis, timeline: try store.timeline(for: analysis), template: try ReportFixtures.template(template),
            actionItems: try store.actionItems(incident: "INC-7"))
    }

    static func regions(_ text: String) throws -> [(name: String, hash: String?, body: String)] {
        try PostmortemDocument(parsing: text).pieces.compactMap { p in
            if case .region(let name, let hash, let body, _) = p { return (name, hash, body) } else { return nil }
        }
    }

    /// The default template's regions, in order.
    static let regionNames = [
        "header", "summary", "impact", "detection", "trigger", "mitigation", "timeline", "communications", "chart", "findings", "review",
        "went-well", "went-wrong", "actions",
    ]

    /// A merge report in which every region of the default template was generated again, and nothing else happened.
    static var everyRegionRefreshed: PostmortemDocument.MergeReport {
        var report = PostmortemDocument.MergeReport()
        report.refreshed = regionNames
        return report
    }

    static func texts(_ text: String) throws -> [String] {
        try PostmortemDocument(parsing: text).pieces.compactMap { p in if case .text(let t) = p { t } else { nil } }
    }

    @Test func everyRegionIsSealedWithItsDigest() throws {
        let draft = try Self.render(try ReportFixtures.store(ReportFixtures.payments))
        let regions = try Self.regions(draft)
        #expect(regions.map(\.name) == Self.regionNames)
        for r in regions { #expect(r.hash?.count == 16) }
        // Unchanged bytes parse and print back identically, and a second refresh changes nothing.
        #expect(try PostmortemDocument(parsing: draft).text(sealing: false) == draft)
        let again = try PostmortemDocument.merge(existing: draft, fresh: draft, file: "pm.md")
        #expect(again.text == draft)
        #expect(again.report == Self.everyRegionRefreshed)
    }

    @Test func everyBundledTemplateHasTheTeamsSectionAndSealedRegions() throws {
        let store = try ReportFixtures.store(ReportFixtures.payments)
        try store.recordVerdict(incident: "INC-7", change: "flag-2", decision: .confirmed, by: "alice", why: "the flag", now: Self.t("2024-03-06T10:00:00Z"))
        try store.addActionItem(
            incident: "INC-7", text: "Automate the flag kill switch", owner: "bob", due: try DueDate.parse("2024-03-20").get(),
            link: nil, by: nil, now: Self.t("2024-03-06T10:05:00Z"))
        for name in ["default", "google-sre", "status-update"] {
            let draft = try Self.render(store, template: name)
            let regions = try Self.regions(draft)
            #expect(regions.contains { $0.name == "review" }, "\(name)")
            #expect(draft.contains("confirmed by alice at 2024-03-06 10:00 UTC: the flag"), "\(name)")
            #expect(draft.contains("Automate the flag kill switch"), "\(name)")
            #expect(draft.contains("bob"), "\(name)")
            #expect(draft.contains("2024-03-20"), "\(name)")
        }
    }

    @Test func aPersonsEditsSurviveARefreshByteForByte() throws {
        let store = try ReportFixtures.store(ReportFixtures.payments)
        let first = try Self.render(store)
        // People fill in the root cause, add a section of their own, and reword the title.
        var edited = first.replacingOccurrences(
            of: "_To be completed by the incident owner._ Explain why the trigger caused the failure, not only what changed.",
            with: "The retry policy retried *non-idempotent* calls.\r\nTwo lines, a trailing space \nand <html> & `code`.")
        edited = edited.replacingOccurrences(of: "# Post-mortem: INC-7", with: "# Post-mortem (reviewed): INC-7")
        edited += "\n## Appendix\n\nWritten by a person, <!-- a comment of theirs --> kept.\n"
        #expect(edited != first)

        // Then the team records a verdict, a note and an action item, and the draft is refreshed.
        try store.recordVerdict(incident: "INC-7", change: "flag-2", decision: .confirmed, by: "alice", why: "the flag", now: Self.t("2024-03-06T10:00:00Z"))
        try store.recordNote(incident: "INC-7", text: "Customer support was told at 14:30", at: Self.t("2024-03-05T14:30:00Z"), by: "carol")
        try store.addActionItem(
            incident: "INC-7", text: "Automate the flag kill switch", owner: "bob", due: nil, link: nil, by: nil,
            now: Self.t("2024-03-06T10:05:00Z"))
        let fresh = try Self.render(store)
        let merged = try PostmortemDocument.merge(existing: edited, fresh: fresh, file: "pm.md")

        #expect(merged.report == Self.everyRegionRefreshed, "the person's edits are all outside the regions")
        #expect(try Self.texts(merged.text) == Self.texts(edited), "every byte outside the generated regions is the person's")
        let mergedRegions = try Self.regions(merged.text)
        let freshRegions = try Self.regions(fresh)
        #expect(mergedRegions.map(\.name) == freshRegions.map(\.name))
        #expect(mergedRegions.map(\.body) == freshRegions.map(\.body))
        #expect(mergedRegions.map(\.hash) == freshRegions.map(\.hash))
        #expect(merged.text.contains("- **Trigger:** confirmed — confirmed by alice at 2024-03-06 10:00 UTC: the flag."))
        #expect(merged.text.contains("INC-7-A1 Automate the flag kill switch — owner bob"))
        #expect(merged.text.contains("The retry policy retried *non-idempotent* calls.\r\nTwo lines, a trailing space \nand <html> & `code`."))
        #expect(merged.text.hasSuffix("\n## Appendix\n\nWritten by a person, <!-- a comment of theirs --> kept.\n"))
        // Only the regions whose content changed differ from the first draft's.
        let changed = zip(try Self.regions(first), mergedRegions).filter { $0.0.body != $0.1.body }.map(\.1.name)
        #expect(Set(changed).isSubset(of: ["header", "summary", "trigger", "timeline", "chart", "review", "actions", "findings", "mitigation"]))
        #expect(changed.contains("review") && changed.contains("actions") && changed.contains("timeline"))
        // The header names the people the team's records add: alice's verdict, carol's note during the incident.
        #expect(merged.text.contains("| **Authors** | alice |") && merged.text.contains("| **Responders** | alice, carol |"))
    }

    @Test func aHandEditedRegionIsKeptAndReported() throws {
        let store = try ReportFixtures.store(ReportFixtures.payments)
        let first = try Self.render(store)
        let edited = first.replacingOccurrences(of: "- **Impact start:** 2024-03-05 14:03 UTC", with: "- **Impact start:** 14:00 UTC, per the payment provider")
        let editedImpact = try #require(try Self.regions(edited).first { $0.name == "impact" })
        try store.recordNote(incident: "INC-7", text: "Provider confirmed", at: Self.t("2024-03-05T14:40:00Z"), by: "dan")
        let merged = try PostmortemDocument.merge(existing: edited, fresh: try Self.render(store), file: "pm.md")
        let line = edited.components(separatedBy: "\n").firstIndex { $0.hasPrefix("<!-- hindsight:begin impact ") }! + 1
        #expect(merged.report.keptEdited.map(\.name) == ["impact"])
        #expect(merged.report.refreshed == Self.regionNames.filter { $0 != "impact" })
        #expect(merged.report.keptEdited.map(\.line) == [line])
        let kept = try #require(try Self.regions(merged.text).first { $0.name == "impact" })
        #expect(kept.body == editedImpact.body)
        #expect(kept.hash == editedImpact.hash, "the stale digest stays, so the region is reported again until someone resolves it")
        #expect(merged.text.contains("Provider confirmed"), "other regions are still refreshed")
    }

    @Test func anEmptiedRegionIsGeneratedAgain() throws {
        let store = try ReportFixtures.store(ReportFixtures.payments)
        let first = try Self.render(store)
        let edited = try #require(try Self.regions(first).first { $0.name == "detection" })
        let emptied = first.replacingOccurrences(of: edited.body, with: "")
        #expect(emptied != first)
        let merged = try PostmortemDocument.merge(existing: emptied, fresh: first, file: "pm.md")
        #expect(merged.report == Self.everyRegionRefreshed)
        #expect(merged.text == first)
    }

    @Test func aDeletedRegionComesBackAfterTheOneBeforeIt() throws {
        let store = try ReportFixtures.store(ReportFixtures.payments)
        let first = try Self.render(store)
        let doc = try PostmortemDocument(parsing: first)
        var trimmed = doc
        trimmed.pieces = doc.pieces.filter { if case .region("chart", _, _, _) = $0 { false } else { true } }
        let withoutChart = trimmed.text(sealing: false)
        let merged = try PostmortemDocument.merge(existing: withoutChart, fresh: first, file: "pm.md")
        #expect(merged.report.added == ["chart"])
        #expect(merged.report.refreshed == Self.regionNames.filter { $0 != "chart" })
        #expect(try Self.regions(merged.text).map(\.name) == Self.regions(first).map(\.name))
    }

    @Test func brokenMarkersAreAnErrorNamingTheLine() {
        let text = "# T\n<!-- hindsight:begin summary hash=0000000000000000 -->\nx\n<!-- hindsight:begin trigger -->\n"
        #expect(
            throws: ReportError.badRegion(
                file: "pm.md", line: 4, problem: "region 'trigger' begins inside region 'summary' (line 2), which has not ended")
        ) {
            try PostmortemDocument(parsing: text, file: "pm.md")
        }
        #expect(throws: ReportError.self) { try PostmortemDocument(parsing: "a\n<!-- hindsight:begin x -->\nb\n", file: "pm.md") }
        #expect(throws: ReportError.self) { try PostmortemDocument(parsing: "<!-- hindsight:end x -->\n", file: "pm.md") }
    }

    @Test func htmlCarriesNoMarkers() throws {
        let (analysis, timeline) = try ReportFixtures.analysed(ReportFixtures.payments, incident: "INC-7")
        let html = Postmortem.render(analysis: analysis, timeline: timeline, template: try ReportFixtures.template("default"), format: .html)
        #expect(!html.contains("hindsight:begin") && !html.contains("hindsight:end") && !html.contains("raw HTML omitted"))
    }
}
