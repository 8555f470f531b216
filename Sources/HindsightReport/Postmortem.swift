import Hindsight

/// Renders an analysed incident into a post-mortem draft: view model → template → Markdown (→ HTML).
public enum Postmortem {
    /// The draft for `analysis`, from the bounded `timeline` the store returned; deterministic for the same inputs.
    /// An HTML draft shows the timeline chart of `rates` (summed on `TimelineChart.rateGrid`) under its title.
    public static func render(
        analysis: IncidentAnalysis, timeline: [Event], template: PostmortemTemplate,
        format: ReportFormat = .markdown, timeZone: ReportTimeZone = .utc, rates: SignalRates? = nil
    ) -> String {
        let model = PostmortemViewModel(analysis: analysis, timeline: timeline, timeZone: timeZone)
        let markdown = template.render(model)
        switch format {
        case .markdown: return markdown
        case .html:
            let chart = rates.map { TimelineChart(analysis: analysis, changes: timeline, rates: $0, timeZone: timeZone).svg }
            return MarkdownHTML.page(markdown, title: "Post-mortem: " + model.plainHeading, figure: chart)
        }
    }
}
