import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

@Suite struct PostmortemContentTests {
    @Test func defaultDraftHasItsTablesAndTaskItems() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1")
        let tree = MarkdownTree(md)
        // Header facts, signals, other candidates (d-711), timeline, communications (the report), findings.
        #expect(tree.tables.count == 6)
        // Incident, severity, status, services, zone, authors, commander, responders, under the header row.
        #expect(tree.tables.first == Array(repeating: 2, count: 9))
        for table in tree.tables { #expect(Set(table).count == 1, "a row has a different number of cells: \(table)") }
        // Timeline: header, d-711, cs-291, crash summary, report summary, rb-291, declared, note, resolved.
        #expect(tree.tables[3].count == 9)
        // Findings: one row each (canary, deploy/release, internal detection, detection lag, rollback, and any added later).
        let (analysis, _) = try ReportFixtures.analysed(ReportFixtures.boot, incident: "INC-1")
        #expect(analysis.findings.count >= 5)
        #expect(tree.tables[5].count == analysis.findings.count + 1)
        // Gaps: canary (100% at once), customers first, slow detection; plus the blank item.
        #expect(tree.tasks == [false, false, false, false])
        #expect(tree.codeBlocks.count == 1)
        #expect(tree.codeBlocks.first?.info == "mermaid")
        #expect(tree.codeBlocks.first?.text.hasPrefix("flowchart TD\n") == true)
    }

    @Test func massesOfSignalsAreSummarisedNotListed() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1")
        #expect(
            md.contains(
                "| 2024-07-19 04:10 UTC | 184,312 crashes on 3 hosts | impact starts; first on `falcon-sensor` (`win-0001`); the last at 2024-07-19 05:20 UTC |"
            ))
        #expect(md.contains("| Crashes | 184,312 crashes on 3 hosts, from 2024-07-19 04:10 UTC to 2024-07-19 05:20 UTC |"))
        #expect(md.contains("1 external report, at 2024-07-19 04:30 UTC"))
        #expect(!md.contains("win-0002"))
    }

    @Test func customersReportingFirstIsCalledOut() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1")
        #expect(
            md.contains(
                "> ⚠️ **Customers reported it first: the first external report came at 2024-07-19 04:30 UTC, "
                    + "1h before internal detection (incident declared) at 2024-07-19 05:30 UTC.**"))
        let payments = try ReportFixtures.render(ReportFixtures.payments, incident: "INC-7")
        #expect(!payments.contains("Customers reported it first"))
        #expect(
            payments.contains(
                "Detected internally (alert \"Payment error rate above 2%\") at 2024-03-05 14:06 UTC, "
                    + "before the first customer report at 2024-03-05 14:20 UTC."))
    }

    @Test func triggerLatentChangeAndSectionsToComplete() throws {
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1")
        #expect(md.contains("The config `cs-291` on `falcon-sensor` at 2024-07-19 04:09 UTC"))
        #expect(md.contains("### Latent change\n\nThe deploy `d-711` at 2024-07-16 10:00 UTC (version `7.11`)"))
        #expect(md.contains("- **Rollback:** `rb-291` at 2024-07-19 05:27 UTC: Channel File 291 reverted"))
        #expect(md.contains("## Root cause\n\n_To be completed by the incident owner._"))
        #expect(md.contains("- **Duration:** 5h 19m"))
    }

    @Test func findingsAreRenderedGenericallySoNewPracticesAppear() throws {
        var (analysis, timeline) = try ReportFixtures.analysed(ReportFixtures.boot, incident: "INC-1")
        analysis.findings.removeAll { $0.practice == "staged_rollout_whatif" }
        analysis.findings.append(Finding(practice: "staged_rollout_whatif", ok: nil, detail: "a 1% canary would have stopped it at 921 hosts"))
        analysis.findings.append(Finding(practice: "feature_flag_kill_switch", ok: false, detail: "no kill switch"))
        let md = Postmortem.render(analysis: analysis, timeline: timeline, template: try ReportFixtures.template("default"))
        #expect(md.contains("**What if:** A 1% canary would have stopped it at 921 hosts."))
        #expect(md.contains("| ❔ unknown | What if it had been staged | a 1% canary would have stopped it at 921 hosts |"))
        #expect(md.contains("| ❌ gap | Feature flag kill switch | no kill switch |"))
    }

    @Test func timesAreShownInTheChosenZoneWithItsNameAndOffset() throws {
        let berlin = try ReportTimeZone(named: "Europe/Berlin")
        let md = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", zone: berlin)
        #expect(md.contains("The config `cs-291` on `falcon-sensor` at 2024-07-19 06:09 CEST (+02:00)"))
        #expect(md.contains("| **Times in** | Europe/Berlin |"))
        let january = Timestamp(milliseconds: 1_705_000_000_000)  // 2024-01-11T19:06:40Z
        #expect(berlin.dateTime(january) == "2024-01-11 20:06 CET (+01:00)")
        #expect(ReportTimeZone.utc.dateTime(january) == "2024-01-11 19:06 UTC")
        let kolkata = try ReportTimeZone(named: "Asia/Kolkata")
        #expect(kolkata.offsetMinutes(at: january) == 330)
        #expect(throws: ReportError.unknownTimeZone("Mars/Olympus")) { try ReportTimeZone(named: "Mars/Olympus") }
    }

    @Test func htmlIsAStandalonePageWithTablesAndNoScript() throws {
        let html = try ReportFixtures.render(ReportFixtures.boot, incident: "INC-1", format: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.components(separatedBy: "<table>").count - 1 == 6)
        #expect(html.contains("<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" /> "))
        #expect(html.contains("<pre><code class=\"language-mermaid\">flowchart TD\n"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("<title>Post-mortem: INC-1: Windows hosts crash in a boot loop</title>"))
    }

    @Test func storeTimelineKeepsOnlyFirstAndLastSignalOfEachKind() throws {
        var lines = ReportFixtures.boot
        for i in 0..<50 {
            lines +=
                "\n{\"time\":\"2024-07-19T04:\(String(format: "%02d", 11 + i % 40)):30Z\",\"kind\":\"crash\",\"service\":\"falcon-sensor\","
                + "\"host\":\"win-1\(i)\",\"version\":\"7.11\",\"incident\":\"INC-1\"}"
        }
        let (analysis, timeline) = try ReportFixtures.analysed(lines, incident: "INC-1")
        let crashes = timeline.filter { $0.kind == .crash }
        #expect(crashes.map(\.time.rfc3339) == ["2024-07-19T04:10:12Z", "2024-07-19T05:20:00Z"])
        #expect(analysis.blastRadius.hosts == 53)
        #expect(timeline.filter { $0.kind == .incident }.count == 2)
        #expect(timeline.filter { $0.kind == .note }.map(\.summary) == ["Manual remediation guide published"])
        #expect(timeline.filter(\.kind.isChange).map(\.id) == ["d-711", "cs-291", "rb-291"])
    }
}
