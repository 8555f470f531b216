import Hindsight

/// An incident's signals aggregated in one pass over both halves of "its signals" (linked, unlinked):
/// per half, kind, service, version and region the events, occurrences, first and last time; and per
/// kind the distinct hosts across both halves (a host named by both halves counts once).
struct SignalAggregate: Equatable {
    struct Group: Equatable {
        /// The half of the scope (`IncidentScope.signalParts`) the signals came from.
        var half: Int
        var kind: EventKind
        var service: String
        var version: String?
        var region: String?
        var events: Int
        var occurrences: Int
        var first: Int64
        var last: Int64
    }

    var groups: [Group] = []
    var hosts: [EventKind: Int] = [:]

    /// Whether the half holds any signal of `kind`: a half without one need not be read again for it.
    func has(_ kind: EventKind, inHalf half: Int) -> Bool {
        groups.contains { $0.half == half && $0.kind == kind }
    }
}
