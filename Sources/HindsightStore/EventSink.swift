import Hindsight

/// Writes events inside a write transaction, by the rules every backend shares: a new id is stored; an
/// id already stored is a duplicate when the content digest matches, a stage of the stored change
/// when `ChangeLifecycle` merges the two (the row becomes the merged change), and a conflict
/// otherwise (never overwritten). A backend may queue events and store them in batches: each
/// outcome is reported once known, at the latest by `flush`.
protocol EventSink: AnyObject {
    func add(_ event: Event, outcome: @escaping (InsertOutcome) -> Void) throws
    /// Stores whatever is queued and reports its outcomes.
    func flush() throws
}

enum InsertOutcome: Equatable {
    case new, duplicate
    /// Another stage of a stored change: the stored row now holds the merged change.
    case merged
    case conflict(storedTime: Int64, storedKind: String)
}

extension InsertOutcome {
    /// What an event becomes when its id is already stored with `storedDigest`: `.merged` comes with
    /// the row to write instead. `stored` loads the stored event, only when the rules need it.
    static func ofStored(
        _ incoming: Event, digest: Int64, storedDigest: Int64, storedTime: Int64, storedKind: String, stored: () throws -> Event?
    ) rethrows -> (InsertOutcome, rewrite: Event?) {
        if storedDigest == digest { return (.duplicate, nil) }
        let conflict = InsertOutcome.conflict(storedTime: storedTime, storedKind: storedKind)
        guard incoming.kind.isChange, let storedEvent = try stored(), let merged = ChangeLifecycle.merge(storedEvent, incoming) else {
            return (conflict, nil)
        }
        if Int64(bitPattern: merged.contentDigest) == storedDigest { return (.duplicate, nil) }
        return (.merged, merged)
    }
}

extension EventSink {
    /// Stores events built in code and returns how many were new; a conflict is an error.
    func insertAll(_ events: [Event]) throws -> Int {
        var new = 0
        var conflicting: String?
        for e in events {
            try add(e) { outcome in
                switch outcome {
                case .new: new += 1
                case .duplicate, .merged: break
                case .conflict: conflicting = conflicting ?? e.id
                }
            }
        }
        try flush()
        if let conflicting { throw StoreError.database("id '\(conflicting)' is already stored with other content") }
        return new
    }
}
