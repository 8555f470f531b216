import GRDB
import Hindsight

extension EventStore {
    /// Stores events built in code (generators, tests) in one transaction, with the same
    /// duplicate and conflict rules as file ingest; returns how many were new.
    @discardableResult
    public func insert(_ events: [Event]) throws -> Int {
        try Self.mappingErrors { try writer.write { db in
            let inserter = try EventInserter(db)
            var new = 0
            for e in events {
                switch try inserter.add(e) {
                case .new: new += 1
                case .duplicate, .merged: break
                case .conflict: throw StoreError.database("id '\(e.id)' is already stored with other content")
                }
            }
            return new
        } }
    }
}
