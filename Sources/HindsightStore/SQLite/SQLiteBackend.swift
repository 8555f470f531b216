import Foundation
import GRDB

/// The SQLite backend: one file in WAL mode (several readers, one writer at a time), or memory for tests.
struct SQLiteBackend: StoreBackend {
    let writer: any DatabaseWriter
    let displayName: String

    /// Opens (creating if needed) the file at `path`. Other processes may write the same file at once:
    /// a writer waits up to `busyTimeout` seconds for the one holding the write lock (a long ingest
    /// holds it for its whole file) before giving up with `StoreError.busy`. Without `autoCheckpoint`,
    /// commits never copy the write-ahead log back into the file: a `Checkpointer` must (the server,
    /// whose writer must not stall). With `durable`, every commit is synced to disk before it returns
    /// (`synchronous = FULL`): a power loss keeps what was committed, not only a crash of the process.
    static func open(path: String, busyTimeout: Double, autoCheckpoint: Bool, durable: Bool = false) throws -> SQLiteBackend {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        let synchronous = durable ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            // A small page cache for readers keeps analysis memory low; ingest raises its own (`ingestCacheSize`).
            try db.execute(sql: "PRAGMA synchronous = \(synchronous); PRAGMA cache_size = \(readCacheSize); PRAGMA temp_store = MEMORY")
            if !autoCheckpoint { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            try SignalAggregateFunction.register(db)
        }
        do {
            return SQLiteBackend(writer: try DatabasePool(path: path, configuration: config), displayName: path)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY { throw StoreError.busy(seconds: busyTimeout, store: path) }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Throws `StoreError.noStore` unless `path` is a file with content: opening a missing or empty
    /// file would make it a new, empty store.
    static func requireStoreFile(at path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw StoreError.noStore(path, why: .missingFile) }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw StoreError.noStore(path, why: .notAFile) }
        guard info.st_size > 0 else { throw StoreError.noStore(path, why: .emptyFile) }
    }

    /// A private in-memory store.
    static func inMemory() -> SQLiteBackend {
        var config = Configuration()
        config.prepareDatabase { db in try SignalAggregateFunction.register(db) }
        return SQLiteBackend(writer: try! DatabaseQueue(configuration: config), displayName: ":memory:")
    }

    /// The page cache (KiB, as SQLite's negative `cache_size`) of an ingest: index inserts into a
    /// large store need it; it bounds ingest memory whatever the file size.
    static let ingestCacheSize = -65536
    /// The page cache of every other connection.
    static let readCacheSize = -8192

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try Self.mappingErrors { try writer.read { db in try body(SQLiteSession(db)) } }
    }

    /// A file's readers each have a connection of their own (WAL): the analyses, which run in process, use the cores.
    var concurrentReads: Int { writer is DatabasePool ? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) : 1 }

    func readStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T { try read(body) }

    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try Self.mappingErrors { try writer.write { db in try body(SQLiteSession(db)) } }
    }

    func ingest<T>(bulk: Bool, phase: ((IngestProgress.Phase) -> Void)?, _ body: (any SQLSession) throws -> (T, commit: Bool)) throws -> T {
        var result: T?
        try Self.mappingErrors {
            try writer.writeWithoutTransaction { db in
                // Sorts that build indexes spill to temporary files, not memory, so memory stays flat.
                try db.execute(sql: "PRAGMA cache_size = \(Self.ingestCacheSize); PRAGMA temp_store = FILE")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(Self.readCacheSize); PRAGMA temp_store = MEMORY") }
                try db.inTransaction(.immediate) {
                    // Into an empty store, rows go in without the secondary indexes, which are then built
                    // once from the sorted data: faster than keeping each up to date row by row. The
                    // unique id index stays, so duplicates and conflicts are found as always; the
                    // transaction covers the DDL too, so a failed or killed load leaves the store as it was.
                    let load = bulk ? try BulkLoad.begin(db) : nil
                    let (value, commit) = try body(SQLiteSession(db))
                    result = value
                    guard commit else { return .rollback }
                    try load?.finish(db, progress: phase)
                    phase?(.committing)
                    return .commit
                }
            }
        }
        return result!
    }

    func appliedMigrations() throws -> [String] {
        try Self.mappingErrors { try writer.read { db in try Self.migrator.appliedIdentifiers(db).sorted() } }
    }

    func migrate(upTo last: String?) throws -> [String] {
        let before = Set(try appliedMigrations())
        do {
            if let last { try Self.migrator.migrate(writer, upTo: last) } else { try Self.migrator.migrate(writer) }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY { throw StoreError.busy(seconds: nil) }
            throw StoreError.migrationFailed(reason: error.message ?? "\(error)")
        }
        let after = try appliedMigrations()
        return migrationNames.filter { after.contains($0) && !before.contains($0) }
    }

    var migrationNames: [String] { Schema.migrations.map(\.name) }

    /// Migrations are numbered and never edited once released: add a new one instead.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for migration in Schema.migrations {
            m.registerMigration(migration.name) { db in try db.execute(sql: migration.sqlite) }
        }
        return m
    }

    /// Runs store work, turning database failures into `StoreError` (a writer that waited out
    /// the busy timeout becomes `.busy`, which callers may retry).
    static func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw storeError(error)
        }
    }

    func mapped(_ error: any Error) -> any Error { Self.storeError(error) }

    static func storeError(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.resultCode == .SQLITE_BUSY { return StoreError.busy(seconds: nil) }
        return StoreError.database(error.message ?? "\(error)")
    }
}
