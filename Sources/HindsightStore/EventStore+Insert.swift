import Hindsight

extension EventStore {
    /// Stores events built in code (generators, tests) in one transaction, with the same
    /// duplicate and conflict rules as file ingest; returns how many were new.
    @discardableResult
    package func insert(_ events: [Event]) throws -> Int {
        try write { s in try s.eventSink().insertAll(events) }
    }
}
