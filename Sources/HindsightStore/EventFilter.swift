import Hindsight

/// Which events a listing wants: a half-open time range, kinds, services, a limit.
public struct EventFilter: Sendable {
    public var since: Timestamp?
    /// Exclusive.
    public var until: Timestamp?
    public var kinds: [EventKind] = []
    /// Empty means every service; a listed service also matches global (`*`) events when `includeGlobal`.
    public var services: [String] = []
    public var includeGlobal = false
    public var incident: String?
    public var limit: Int?
    public var newestFirst = false

    public init(
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
