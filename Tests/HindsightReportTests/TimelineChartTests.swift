import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

@Suite struct TimelineChartTests {
    /// The chart of `incident` in a store of `jsonl`, with rates from the store on the chart's grid.
    static func chart(_ jsonl: String, incident: String) throws -> (TimelineChart, EventStore) {
        let store = try ReportFixtures.store(jsonl)
        let options = AnalysisOptions()
        let analysis = try store.analysis(incident: incident, options: options)
        let grid = TimelineChart.rateGrid(for: analysis)
        let rates = try store.signalRates(incident: incident, start: grid.start, bucket: grid.bucket, buckets: grid.count)
        return (TimelineChart(analysis: analysis, changes: try store.timeline(for: analysis, options: options), rates: rates), store)
    }

    @Test func marksTheTriggerTheLatentChangeAndTheIncidentsTimes() throws {
        let svg = try Self.chart(ReportFixtures.boot, incident: "INC-1").0.svg
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains(#"class="change trigger" data-id="cs-291""#))
        #expect(svg.contains(#"class="change latent" data-id="d-711""#))
        #expect(svg.contains("latent 7.11 · 2d 18h before impact"), "the deploy days earlier stands in the gutter, named")
        #expect(svg.contains(#"class="change" data-id="rb-291""#))
        for rule in ["impact-start", "detected", "first-customer-report", "mitigated", "resolved"] {
            #expect(svg.contains("class=\"rule rule-\(rule)\""), "\(rule)")
        }
        // The rollback of the trigger at 05:27 mitigated it: its rule is labelled with that time.
        #expect(svg.contains("<title>mitigated 2024-07-19 05:27 UTC</title>"))
        #expect(svg.contains(">mitigated 05:27<"))
        #expect(svg.contains(#"class="rate rate-crash""#) && svg.contains(#"class="rate rate-report""#))
        #expect(!svg.contains("rate-alert"), "no alerts: no alert band")
        #expect(!svg.contains("<script") && !svg.contains("style="), "no script, no inline style (strict CSP)")
    }

    @Test func ratesAreSummedCountsOnARoundAlignedGrid() throws {
        let (chart, _) = try Self.chart(ReportFixtures.boot, incident: "INC-1")
        let rates = chart.rates
        #expect(rates.start.milliseconds % rates.bucket.milliseconds == 0)
        #expect([60_000, 120_000, 300_000, 600_000].contains(rates.bucket.milliseconds))
        #expect(rates.counts[.crash]?.reduce(0, +) == 90000 + 94302 + 10)
        #expect(rates.counts[.report]?.reduce(0, +) == 1)
        #expect(rates.counts.values.allSatisfy { $0.count == rates.buckets })
        #expect(chart.svg.contains("peak 94,302"))
        #expect(chart.svg.contains(">crashes</text>") && chart.svg.contains(">reports</text>"))
    }

    @Test func eventTextIsEscapedInTheSVG() throws {
        let svg = try Self.chart(ReportFixtures.hostileEvents, incident: "INC-X").0.svg
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!svg.contains("second line\n"), "line breaks in event text are folded")
    }

    @Test func isByteIdenticalRunToRun() throws {
        let a = try Self.chart(ReportFixtures.payments, incident: "INC-7").0.svg
        let b = try Self.chart(ReportFixtures.payments, incident: "INC-7").0.svg
        #expect(a == b)
        #expect(a.contains(#"class="change trigger""#))
    }

    @Test func theHTMLPostmortemEmbedsTheSameChartUnderItsTitle() throws {
        let (chart, store) = try Self.chart(ReportFixtures.boot, incident: "INC-1")
        let timeline = try store.timeline(for: chart.analysis)
        let html = Postmortem.render(
            analysis: chart.analysis, timeline: timeline, template: try ReportFixtures.template("default"),
            format: .html, rates: chart.rates)
        #expect(html.contains("<figure class=\"chart\">\n" + chart.svg + "</figure>"))
        let h1 = try #require(html.range(of: "</h1>"))
        let figure = try #require(html.range(of: "<figure"))
        #expect(h1.upperBound <= figure.lowerBound, "the chart comes right after the heading")
        let markdown = Postmortem.render(analysis: chart.analysis, timeline: timeline, template: try ReportFixtures.template("default"), rates: chart.rates)
        #expect(!markdown.contains("<svg"), "Markdown drafts stay text")
    }
}
