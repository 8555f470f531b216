import Hindsight

extension EventStore {
    /// Stores events built in code (generators, tests) in one transaction, with the same
    /// duplicate and conflict rules as file ingest, and brings the incident summaries they touch up to date;
    /// returns how many were new.
    @discardableResult
    package func insert(_ events: [Event]) throws -> Int {
        let marking = try summaryTables.present(in: backend)
        let new = try write { s in try MarkingSink(s, marking: marking).insertAll(events) }
        try refreshSummaries()
        return new
    }
}
