import GRDB
import Hindsight

/// The SQLite event store: one file, numbered migrations, WAL.
public struct EventStore: Sendable {
    /// The database; only the store's own files reach it (the API is the store's methods).
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// Other processes may write the same file at once: a writer waits up to `busyTimeout`
    /// seconds for the one holding the write lock (a long ingest holds it for its whole file)
    /// before giving up with `StoreError.busy`. Without `autoCheckpoint`, commits never copy the
    /// write-ahead log back into the file: a `Checkpointer` must (the server, whose writer must not stall).
    public static func open(path: String, busyTimeout: Double = defaultBusyTimeout, autoCheckpoint: Bool = true) throws -> EventStore {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // A small page cache for readers keeps analysis memory low; ingest raises its own (`ingestCacheSize`).
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = \(readCacheSize); PRAGMA temp_store = MEMORY")
            if !autoCheckpoint { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            return try EventStore(writer: pool)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY { throw StoreError.busy(seconds: busyTimeout) }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// How long a writer waits for another by default: longer than a large file's ingest.
    public static let defaultBusyTimeout = 600.0

    /// The page cache (KiB, as SQLite's negative `cache_size`) of an ingest: index inserts into a
    /// large store need it; it bounds ingest memory whatever the file size.
    static let ingestCacheSize = -65536
    /// The page cache of every other connection.
    static let readCacheSize = -8192

    /// A private in-memory store, for tests.
    public static func inMemory() throws -> EventStore {
        try EventStore(writer: DatabaseQueue())
    }

    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY { throw StoreError.busy(seconds: nil) }
            throw StoreError.migrationFailed(reason: error.message ?? "\(error)")
        }
    }

    /// Migrations are numbered and never edited once released: add a new one instead.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("1-events") { db in
            try db.execute(sql: Schema.v1)
        }
        m.registerMigration("2-incident-signal-indexes") { db in
            try db.execute(sql: Schema.v2)
        }
        m.registerMigration("3-change-lookups") { db in
            try db.execute(sql: Schema.v3)
        }
        m.registerMigration("4-retrospective-fields") { db in
            try db.execute(sql: Schema.retrospectiveFields)
        }
        m.registerMigration("service-catalog") { db in
            try db.execute(sql: Schema.serviceCatalog)
        }
        m.registerMigration("unlinked-signals-covering-index") { db in
            try db.execute(sql: Schema.unlinkedSignals)
        }
        m.registerMigration("server-api-tokens") { db in
            try db.execute(sql: Schema.apiTokens)
        }
        return m
    }
}
