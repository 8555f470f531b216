/// Aggregates of one kind of an incident's signals, computed in SQL (never row by row).
public struct SignalSummary: Sendable, Equatable {
    public var kind: EventKind
    /// Stored events of this kind.
    public var events: Int
    /// Occurrences: the sum of their `count`.
    public var occurrences: Int
    /// Distinct `host` values.
    public var hosts: Int
    public var first: Timestamp
    public var last: Timestamp

    public init(kind: EventKind, events: Int, occurrences: Int, hosts: Int, first: Timestamp, last: Timestamp) {
        self.kind = kind
        self.events = events
        self.occurrences = occurrences
        self.hosts = hosts
        self.first = first
        self.last = last
    }
}
