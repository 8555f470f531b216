/// The output format of `hindsight postmortem`.
package enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, html
}
