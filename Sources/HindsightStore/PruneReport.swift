/// What `prune` removed.
package struct PruneReport: Sendable, Equatable {
    /// Events deleted.
    package var deleted = 0
    /// Events older than the cutoff looked at.
    package var scanned = 0
    /// Incidents removed with all their events (only when pruning everything).
    package var incidents = 0

    package init() {}
}
