import Foundation
import HindsightStore

/// The store backends a test runs on: SQLite always, PostgreSQL when `$HINDSIGHT_TEST_POSTGRES`
/// names a database (`make test` starts a throwaway cluster and sets it).
package enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    /// The backends of this run.
    package static let available: [TestBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// The PostgreSQL database of this run, if any.
    package static let postgresURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["HINDSIGHT_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }()

    package var description: String { rawValue }

    /// A new, empty store with its schema: in memory for SQLite, a schema of its own for PostgreSQL.
    package func makeStore() throws -> EventStore {
        switch self {
        case .sqlite:
            return try EventStore.inMemory()
        case .postgres:
            let store = try EventStore.openForMigration(location: try Self.freshSchemaLocation())
            try store.migrate()
            return store
        }
    }

    /// A location of a fresh, empty store (a file path for SQLite; a new schema's URL for PostgreSQL),
    /// for tests that open it more than once or from another process.
    package func makeLocation(directory: URL) throws -> String {
        switch self {
        case .sqlite: directory.appendingPathComponent("hindsight-\(UUID().uuidString).db").path
        case .postgres: try Self.freshSchemaLocation()
        }
    }

    /// The test database's URL with a schema no other test uses.
    package static func freshSchemaLocation() throws -> String {
        guard let url = postgresURL else { throw TestBackendError.noPostgres }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }
}

package enum TestBackendError: Error, CustomStringConvertible {
    case noPostgres
    package var description: String { "HINDSIGHT_TEST_POSTGRES is not set; run the tests with 'make test'" }
}
