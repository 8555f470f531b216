import HindsightStore

/// Brings the store's incident summaries up to date before a command reads them, saying so on stderr:
/// they are stale only after an upgrade changed the analysis (or an older build wrote the store).
func refreshStaleSummaries(_ store: EventStore) throws {
    let stale = try runtime { try store.staleSummaryCount() }
    guard stale > 0 else { return }
    printError("recomputing \(stale) out-of-date incident summar\(stale == 1 ? "y" : "ies") (after an upgrade, 'hindsight migrate' does this ahead of time)")
    let progress = stderrIsTerminal ? ProgressLine(file: store.displayName) : nil
    try runtime {
        defer { progress?.clear() }
        try store.refreshSummaries { done, total in progress?.update(summaries: done, of: total) }
    }
}

/// Says on stderr that non-default analysis options bypass the stored summaries.
func noteFreshAnalysis() {
    printError("analysis options differ from the defaults: every incident is analysed afresh (stored summaries hold the defaults' analysis)")
}
