/// The schema's version: which numbered migrations a store has, and bringing it up to date.
extension EventStore {
    /// The migrations this build knows, in order, and which of them the store has applied.
    package func schemaStatus() throws -> (known: [String], applied: [String]) {
        (backend.migrationNames, try naming { try backend.appliedMigrations() })
    }

    /// Applies the migrations the store lacks, up to and including `last` (all when nil); returns their names.
    @discardableResult
    package func migrate(upTo last: String? = nil) throws -> [String] {
        if let last, !backend.migrationNames.contains(last) {
            throw StoreError.unknownMigration(last, known: backend.migrationNames)
        }
        let applied = try naming { try backend.migrate(upTo: last) }
        if !applied.isEmpty { summaryTables.forget() }
        return applied
    }

    /// Throws when the store's schema is not the one this build knows: behind (run `hindsight migrate`)
    /// or ahead (made by a newer build).
    package func checkSchema() throws {
        let (known, applied) = try schemaStatus()
        let newer = applied.filter { !known.contains($0) }
        if !newer.isEmpty { throw StoreError.schemaAhead(store: backend.displayName, unknown: newer) }
        let missing = known.filter { !applied.contains($0) }
        if !missing.isEmpty { throw StoreError.schemaBehind(store: backend.displayName, missing: missing, applied: applied.count) }
    }
}
