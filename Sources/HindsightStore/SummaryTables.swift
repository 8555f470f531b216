import NIOConcurrencyHelpers

/// Whether a store's schema has the summary tables, asked once and remembered (until a migration runs).
final class SummaryTables: Sendable {
    let known = NIOLockedValueBox<Bool?>(nil)

    func present(in backend: any StoreBackend) throws -> Bool {
        if let known = known.withLockedValue({ $0 }) { return known }
        let present = try backend.appliedMigrations().contains(EventStore.summariesMigration)
        known.withLockedValue { $0 = present }
        return present
    }

    func forget() { known.withLockedValue { $0 = nil } }
}
