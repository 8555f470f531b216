/// The output format of `hindsight postmortem`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, html
}
