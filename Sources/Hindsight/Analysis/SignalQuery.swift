/// A question about signal occurrences: which signals, over which span, grouped how.
public struct SignalQuery: Sendable, Equatable {
    /// Signals on these services (ignored when `scope` is set: then the incident's own signals).
    public var services: [String]
    /// Only the incident's signals (EVENTS.md), whatever service they are on.
    public var scope: IncidentScope?
    /// The span `[from, to)`; `nil` bounds are open.
    public var from: Timestamp?
    public var to: Timestamp?
    public var byVersion: Bool
    public var byRegion: Bool
    /// Grouped by the signal's `host` too.
    public var byHost: Bool

    public init(
        services: [String] = [], scope: IncidentScope? = nil, from: Timestamp? = nil, to: Timestamp? = nil,
        byVersion: Bool = false, byRegion: Bool = false, byHost: Bool = false
    ) {
        self.services = services
        self.scope = scope
        self.from = from
        self.to = to
        self.byVersion = byVersion
        self.byRegion = byRegion
        self.byHost = byHost
    }
}
