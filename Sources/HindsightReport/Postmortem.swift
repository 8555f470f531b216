import Hindsight

/// Renders an analysed incident into a post-mortem draft: view model → template → Markdown (→ HTML).
public enum Postmortem {
    /// The draft for `analysis`, from the bounded `timeline` the store returned; deterministic for the same inputs.
    public static func render(
        analysis: IncidentAnalysis, timeline: [Event], template: PostmortemTemplate,
        format: ReportFormat = .markdown, timeZone: ReportTimeZone = .utc
    ) -> String {
        let model = PostmortemViewModel(analysis: analysis, timeline: timeline, timeZone: timeZone)
        let markdown = template.render(model)
        switch format {
        case .markdown: return markdown
        case .html: return MarkdownHTML.page(markdown, title: "Post-mortem: " + model.plainHeading)
        }
    }
}
