import Hindsight

/// Renders an analysed incident into a post-mortem draft: view model → template → Markdown (→ HTML).
package enum Postmortem {
    /// The draft for `analysis`, from the bounded `timeline` the store returned; deterministic for the same inputs.
    /// Markdown carries its generated regions' markers with their digests (`PostmortemDocument`), so a later
    /// render can refresh them in a file people edited; HTML leaves the markers out and shows the timeline
    /// chart of `rates` (summed on `TimelineChart.rateGrid`) under its title.
    package static func render(
        analysis: IncidentAnalysis, timeline: [Event], template: PostmortemTemplate,
        format: ReportFormat = .markdown, timeZone: ReportTimeZone = .utc, actionItems: [ActionItem] = [], rates: SignalRates? = nil,
        objectives: ServiceObjectives = .none
    ) -> String {
        let model = PostmortemViewModel(analysis: analysis, timeline: timeline, timeZone: timeZone, actionItems: actionItems, objectives: objectives)
        let markdown = template.render(model)
        switch format {
        // A custom template whose markers do not pair up renders as written; refreshing a file from it reports where.
        case .markdown: return (try? PostmortemDocument.seal(markdown)) ?? markdown
        case .html:
            let chart = rates.map { TimelineChart(analysis: analysis, changes: timeline, rates: $0, timeZone: timeZone).svg }
            return MarkdownHTML.page(PostmortemDocument.strippingMarkers(markdown), title: "Post-mortem: " + model.plainHeading, figure: chart)
        }
    }

    /// The draft as an HTML fragment for a page of the site: the rendered Markdown, its markers left out,
    /// with the timeline chart in place of the Mermaid diagram.
    package static func fragment(
        analysis: IncidentAnalysis, timeline: [Event], template: PostmortemTemplate, timeZone: ReportTimeZone = .utc,
        actionItems: [ActionItem] = [], rates: SignalRates, objectives: ServiceObjectives = .none
    ) -> String {
        let model = PostmortemViewModel(analysis: analysis, timeline: timeline, timeZone: timeZone, actionItems: actionItems, objectives: objectives)
        let chart = TimelineChart(analysis: analysis, changes: timeline, rates: rates, timeZone: timeZone).svg
        return MarkdownHTML.withFigure(MarkdownHTML.fragment(PostmortemDocument.strippingMarkers(template.render(model))), chart)
    }
}
