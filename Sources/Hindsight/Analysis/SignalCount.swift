/// Occurrences of signals sharing a kind, service and (when asked for) version, region and host.
public struct SignalCount: Sendable, Equatable {
    public var kind: EventKind
    public var service: String
    public var version: String?
    public var region: String?
    public var host: String?
    /// Stored events.
    public var events: Int
    /// The sum of their `count`.
    public var occurrences: Int

    public init(
        kind: EventKind, service: String, version: String? = nil, region: String? = nil, host: String? = nil, events: Int, occurrences: Int
    ) {
        self.kind = kind
        self.service = service
        self.version = version
        self.region = region
        self.host = host
        self.events = events
        self.occurrences = occurrences
    }
}
