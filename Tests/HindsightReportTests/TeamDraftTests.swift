import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

/// What a team lead needs of a first draft, checked on the content (not against the golden files):
/// people, business impact with the SLO budget, communications, lessons, action items with priority,
/// type and ticket, one time format, and the chart in HTML instead of Mermaid.
@Suite struct TeamDraftTests {
    /// The payments incident after its review: a commander, a status update, a customer's report naming
    /// the customer, a confirmed trigger and an action item with priority, type and ticket.
    static let team =
        ReportFixtures.payments + "\n"
            + """
            {"time":"2024-03-05T14:08:30Z","kind":"incident","service":"payments","incident":"INC-7","status":"declared","actor":"dana"}
            {"time":"2024-03-05T14:22:00Z","kind":"report","service":"payments","host":"acme","summary":"Acme: payments declined","incident":"INC-7"}
            {"time":"2024-03-05T14:30:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"comms","source":"statuspage","summary":"Investigating card payment failures in eu-west"}
            {"time":"2024-03-06T10:00:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"ana","verdict":"confirmed","change":"flag-2","summary":"errors began with the flag"}
            {"time":"2024-03-06T10:05:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"ana","summary":"Add a canary alarm on retries","action":"INC-7-A1","owner":"bob","due":"2024-03-20","status":"open","priority":"P2","action_type":"detect","url":"https://tracker.example/PAY-12"}
            {"id":"wrong-note","time":"2024-03-06T10:06:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"ana","summary":"Posted in the wrong incident"}
            {"time":"2024-03-06T10:07:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"ana","retracts":"wrong-note"}
            """

    static let objectives = ServiceObjectives(target: 0.999, window: .days(30))

    static func render(template: String = "default", format: ReportFormat = .markdown, objectives: ServiceObjectives = objectives) throws -> String {
        try ReportFixtures.renderTeam(team, incident: "INC-7", template: template, format: format, objectives: objectives)
    }

    @Test(arguments: ["default", "google-sre", "status-update"]) func everyTemplateNamesThePeople(_ template: String) throws {
        let text = try Self.render(template: template)
        #expect(text.contains("dana"), "the commander: who declared it")
        #expect(text.contains("alice"), "a responder: a note during the incident")
        #expect(text.contains("ana"), "an author: the verdict and the action item")
        #expect(!text.contains("Posted in the wrong incident"), "a retracted note is gone")
    }

    @Test func theDefaultTemplateHasEveryNewSection() throws {
        let text = try Self.render()
        #expect(text.contains("| **Incident commander** | dana |"))
        #expect(text.contains("| **Responders** | comms, alice |") || text.contains("| **Responders** | alice, comms |"))
        #expect(text.contains("| **Authors** | ana |"))
        #expect(text.contains("- **Customers:** 1 customer reported it"))
        #expect(text.contains("- **Reports:** 2 external reports"))
        // 57 minutes of impact against 43m 12s of budget (99.9% of 30 days).
        #expect(text.contains("- **SLO budget:** 57m of impact is 131.9% of the 30d error budget (99.9%: 43m 12s)"))
        #expect(text.contains("| 2024-03-05 14:30 UTC | status update | Investigating card payment failures in eu-west, via statuspage |"))
        #expect(text.contains("| 2024-03-05 14:22 UTC | customer report | Acme: payments declined (acme) |"))
        #expect(text.contains("### Where we got lucky"))
        #expect(text.contains("- [ ] INC-7-A1 Add a canary alarm on retries — owner bob, due 2024-03-20, P2, detect, ticket <https://tracker.example/PAY-12>"))
    }

    @Test func withoutATargetTheBudgetIsToBeCompletedAndSaysWhy() throws {
        let text = try Self.render(objectives: .none)
        #expect(text.contains("- **SLO budget:** _to be completed_: no SLO target is configured for these services (`[slo]` in hindsight.toml)"))
    }

    @Test func aServicesOwnTargetWinsWhenStricter() {
        let o = ServiceObjectives(target: 0.99, services: ["payments": 0.9995], window: .days(30))
        #expect(o.objective(for: ["payments", "web"])?.target == 0.9995)
        #expect(o.objective(for: ["payments"])?.service == "payments")
        #expect(o.objective(for: ["web"])?.service == nil)
        #expect(o.budget(target: 0.999) == .seconds(2592))
        #expect(ServiceObjectives.parseTarget("99.9%") == 0.999 && ServiceObjectives.parseTarget("99.9") == 0.999)
        #expect(ServiceObjectives.parseTarget("100%") == nil && ServiceObjectives.parseTarget("abc") == nil)
    }

    @Test func theDefaultTimelineNamesWhatChangedWithoutTheTitleAndInOneTimeFormat() throws {
        let text = try Self.render()
        let timeline = try #require(text.components(separatedBy: "## Timeline").last?.components(separatedBy: "## Communications").first)
        #expect(!timeline.contains("Card payments failing in eu-west"), "the title is the heading, not every lifecycle row")
        #expect(timeline.contains("| 2024-03-05 14:08 UTC | Incident declared | severity SEV2 |"))
        // Every clock time in the draft is a full date, time and zone: no bare 14:03 or RFC 3339 instant.
        for line in text.split(separator: "\n") where !line.hasPrefix("<!--") {
            #expect(line.range(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"#, options: .regularExpression) == nil, "RFC 3339 left in: \(line)")
            #expect(line.range(of: #"(?<![-\d] )(?<!\d)\b\d{2}:\d{2}\b(?! UTC)"#, options: .regularExpression) == nil, "a bare clock time: \(line)")
        }
    }

    @Test func instantsInTheAnalysisSentencesAreShownInTheReportsZone() {
        let berlin = try! ReportTimeZone(named: "Europe/Berlin")
        #expect(berlin.rewritingInstants("deployed at 2024-03-05T09:00:00Z, 5h before") == "deployed at 2024-03-05 10:00 CET (+01:00), 5h before")
        #expect(ReportTimeZone.utc.rewritingInstants("from 2024-03-05T09:00:00.250+02:00.") == "from 2024-03-05 07:00 UTC.")
        #expect(
            ReportTimeZone.utc.rewritingInstants("id x2024-03-05T09:00:00Z and 2024-13-05T09:00:00Z") == "id x2024-03-05T09:00:00Z and 2024-13-05T09:00:00Z")
    }

    @Test func theHTMLDraftDrawsTheChartWhereTheMermaidWas() throws {
        let html = try ReportFixtures.renderTeam(Self.team, incident: "INC-7", template: "default", format: .html, objectives: Self.objectives)
        #expect(!html.contains("language-mermaid") && !html.contains("flowchart TD"))
        let chart = try #require(html.range(of: "<figure class=\"chart\">"))
        let communications = try #require(html.range(of: "<h2>Communications</h2>"))
        let findings = try #require(html.range(of: "<h2>Safe-release findings</h2>"))
        #expect(communications.upperBound < chart.lowerBound && chart.upperBound < findings.lowerBound, "in the chart region's place")
        let markdown = try Self.render()
        #expect(markdown.contains("```mermaid\nflowchart TD"), "Markdown keeps Mermaid for GitHub")
    }
}
