import Hindsight

/// Which events a listing wants: a half-open time range, kinds, services, a limit.
package struct EventFilter: Sendable {
    package var since: Timestamp?
    /// Exclusive.
    package var until: Timestamp?
    package var kinds: [EventKind] = []
    /// Empty means every service; a listed service also matches global (`*`) events when `includeGlobal`.
    package var services: [String] = []
    package var includeGlobal = false
    package var incident: String?
    package var limit: Int?
    package var newestFirst = false

    package init(
        since: Timestamp? = nil, until: Timestamp? = nil, kinds: [EventKind] = [], services: [String] = [],
        includeGlobal: Bool = false, incident: String? = nil, limit: Int? = nil, newestFirst: Bool = false
    ) {
        self.since = since
        self.until = until
        self.kinds = kinds
        self.services = services
        self.includeGlobal = includeGlobal
        self.incident = incident
        self.limit = limit
        self.newestFirst = newestFirst
    }
}
