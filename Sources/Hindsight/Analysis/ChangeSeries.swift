/// Changes of one kind on one service by one source and actor over a span: how often a
/// service changes, so a routine automated push can be told from a one-off change.
public struct ChangeSeries: Sendable, Equatable {
    public var service: String
    public var kind: EventKind
    public var source: String?
    public var actor: String?
    public var count: Int
    public var first: Timestamp
    public var last: Timestamp

    public init(service: String, kind: EventKind, source: String?, actor: String?, count: Int, first: Timestamp, last: Timestamp) {
        self.service = service
        self.kind = kind
        self.source = source
        self.actor = actor
        self.count = count
        self.first = first
        self.last = last
    }

    /// Whether `change` belongs to this series.
    public func contains(_ change: Event) -> Bool {
        change.service == service && change.kind == kind && change.source == source && change.actor == actor
    }
}
