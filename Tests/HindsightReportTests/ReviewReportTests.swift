import Foundation
import Hindsight
import HindsightReport
import Testing

/// The review's Markdown and HTML: definitions printed, charts drawn, event text escaped, same bytes each time.
@Suite struct ReviewReportTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    static func review() -> Review {
        var a = IncidentAnalysis(incident: "INC-<script>alert(1)</script>", services: ["api|\"x\""])
        a.impactStart = t("2024-07-10T09:00:00Z")
        a.detectedAt = t("2024-07-10T09:12:00Z")
        a.detectionLag = .minutes(12)
        a.detectedExternallyFirst = true
        let change = Event(id: "d-1", time: t("2024-07-10T08:50:00Z"), kind: .deploy, service: "api|\"x\"", version: "v1")
        a.trigger = Candidate(change: change, score: 0.9, reasons: [])
        a.mitigatedAt = t("2024-07-10T09:30:00Z")
        a.timeToMitigate = .minutes(30)
        var b = IncidentAnalysis(incident: "INC-2", services: ["web"])
        b.impactStart = t("2024-08-02T09:00:00Z")
        b.detectedAt = t("2024-08-02T09:01:00Z")
        b.detectionLag = .minutes(1)
        b.detectedExternallyFirst = false
        let other = Event(id: "w-1", time: t("2024-08-01T08:00:00Z"), kind: .deploy, service: "web", version: "w1")
        return Review(
            ReviewInput(
                since: t("2024-07-01T00:00:00Z"), until: t("2024-09-01T00:00:00Z"), now: t("2024-09-01T00:00:00Z"),
                analyses: [a, b], changes: [change, other]))
    }

    @Test func theDefinitionsArePrintedNextToTheKeys() {
        let md = ReviewReport.markdown(Self.review())
        for (key, definition) in DORAKeys.definitions {
            #expect(md.contains("- **\(key.prefix(1).uppercased() + key.dropFirst()):** \(definition)."))
        }
        #expect(md.contains(Percentile.definition))
        #expect(md.contains("| **all** | 2 changes, 0.23 a week | – | 50% (1 of 2) | 40m / 40m (1 incident) |"))
        #expect(md.contains("| **all** | 2 | 1 (50%) | 1 / 0 / 0 | 1m / 12m | 1 (50%) | 30m / 30m | 0 / 0 |"))
        #expect(md.contains("`api\\|\"x\"`"), "a service name is code, its pipe escaped for the table")
        #expect(!md.contains("<script>"))
    }

    @Test func theHTMLPageDrawsBothTrendsEscaped() throws {
        let html = ReviewReport.html(Self.review())
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(!html.contains("<script"))
        #expect(html.contains("INC-&lt;script&gt;alert(1)&lt;/script&gt;: detected 12m after impact start, customers first"))
        #expect(html.contains("fill=\"#c0392b\""), "customers-first incidents are red")
        #expect(html.contains("100% (1 of 1)") && html.contains("0% (0 of 1)"), "July's change triggered an incident, August's did not")
        #expect(html == ReviewReport.html(Self.review()))
    }

    @Test func chartsOfAnEmptyPeriodSaySo() {
        let r = Review(
            ReviewInput(
                since: Self.t("2024-07-01T00:00:00Z"), until: Self.t("2024-07-02T00:00:00Z"), now: Self.t("2024-07-02T00:00:00Z"),
                analyses: [], changes: []))
        #expect(ReviewCharts.detectionLag(r).contains("no incident of the period has a known detection lag"))
        #expect(ReviewCharts.changeFailureRate(r).contains("no changes"))
    }
}

/// A review with nothing in it says why rather than printing empty tables silently.
@Suite struct EmptyReviewTests {
    @Test func anEmptyPeriodIsCalledOut() {
        let t = { (s: String) in try! Timestamp.parse(s).get() }
        let r = Review(
            ReviewInput(
                since: t("2024-07-01T00:00:00Z"), until: t("2024-08-01T00:00:00Z"), now: t("2024-08-01T00:00:00Z"),
                services: ["paymnets"], analyses: [], changes: []))
        #expect(ReviewReport.markdown(r).contains("No incident and no production change is recorded in this period on `paymnets`."))
    }
}
