import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

/// The chart's value axis (one logarithmic scale for every kind of signal), the impact's shading and a
/// resolution drawn past the chart's span.
@Suite struct TimelineChartScaleTests {
    @Test func oneReportIsNotDrawnAsTallAsTensOfThousandsOfCrashes() {
        let decades = TimelineChart.decades(94_302)
        #expect(decades == 5)
        let band = TimelineChart.bandHeight
        let one = TimelineChart.barHeight(1, decades: decades, band: band)
        let peak = TimelineChart.barHeight(94_302, decades: decades, band: band)
        #expect(TimelineChart.barHeight(0, decades: decades, band: band) == 0)
        #expect(one > 2, "one report still shows")
        #expect(peak > 10 * one, "and stays far below the crashes' peak")
        #expect(peak <= band - 8)
        #expect(TimelineChart.decadeLabel(0) == "1" && TimelineChart.decadeLabel(2) == "100" && TimelineChart.decadeLabel(5) == "100k")
        #expect(TimelineChart.decadeLabel(6) == "1M" && TimelineChart.decadeLabel(7) == "10M")
    }

    @Test func everyBandHasTheSharedValueAxisAndTheImpactIsShaded() throws {
        let svg = try TimelineChartTests.chart(ReportFixtures.boot, incident: "INC-1").0.svg
        let axes = svg.components(separatedBy: "class=\"value-axis\"").count - 1
        #expect(axes == 2, "crashes and reports, each with the axis")
        #expect(svg.contains(">100k</text>") && svg.contains(">1</text>"))
        #expect(svg.contains("log scale"))
        #expect(svg.contains("class=\"impact-span\""))
    }

    @Test func aResolutionLongAfterTheRestIsDrawnBehindABreak() throws {
        let (chart, _) = try TimelineChartTests.chart(ReportFixtures.boot, incident: "INC-1")
        let window = TimelineChart.window(for: chart.analysis)
        let resolved = try #require(chart.analysis.resolvedAt)
        #expect(resolved > window.end, "the fixture resolves hours after its rollback")
        let svg = chart.svg
        let rule = try #require(svg.components(separatedBy: "class=\"rule rule-resolved\"").dropFirst().first?.components(separatedBy: "</g>").first)
        #expect(rule.contains("<line"), "drawn as a rule, not only named")
        #expect(rule.contains("resolved 2024-07-19 09:30, 4h 3m after the span") || rule.contains("after the span"))
        #expect(svg.contains("class=\"recovery-span\""))
    }
}
