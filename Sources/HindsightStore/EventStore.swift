import Hindsight

/// The event store, on SQLite (one file, the default) or PostgreSQL (a team's database): the same
/// API, queries and rules on both; only `StoreBackend` knows which it talks to.
package struct EventStore: Sendable {
    let backend: any StoreBackend
    /// Whether the schema has the incident summaries' tables, learnt once (a store opened for migration may
    /// be older): writes mark summaries and reads bring them up to date only when it has.
    let summaryTables = SummaryTables()

    /// Opens the SQLite store at `path`, bringing its schema up to date (a file's schema follows the
    /// binary that opens it). With `create`, a missing file becomes a new store; without, a path
    /// where no store is, is `StoreError.noStore` and nothing is written there. See
    /// `SQLiteBackend.open` for the other options (`durable`: every commit synced to disk).
    package static func open(
        path: String, busyTimeout: Double = defaultBusyTimeout, autoCheckpoint: Bool = true, create: Bool = true, durable: Bool = false
    ) throws -> EventStore {
        if !create { try SQLiteBackend.requireStoreFile(at: path) }
        let backend = try SQLiteBackend.open(path: path, busyTimeout: busyTimeout, autoCheckpoint: autoCheckpoint, durable: durable)
        if !create, try backend.appliedMigrations().isEmpty { throw StoreError.noStore(path, why: .foreignDatabase) }
        return try EventStore(migrating: backend)
    }

    /// Opens the store `location` names: `postgres://…` (or `postgresql://…`) is PostgreSQL, whose
    /// schema `hindsight migrate` creates and updates explicitly (several servers share it; a command
    /// finding it absent or behind says so); `sqlite:PATH` or a plain path is SQLite, created when
    /// missing only with `create`. `durable` makes SQLite sync every commit (PostgreSQL's durability is
    /// its server's settings: `durabilityGaps`).
    package static func open(
        location: String, busyTimeout: Double = defaultBusyTimeout, autoCheckpoint: Bool = true, create: Bool = true, durable: Bool = false
    ) throws -> EventStore {
        switch try StoreLocation(location) {
        case .sqlite(let path):
            return try open(path: path, busyTimeout: busyTimeout, autoCheckpoint: autoCheckpoint, create: create, durable: durable)
        case .postgres(let url):
            let store = EventStore(backend: try PostgresBackend.connect(url))
            if try store.schemaStatus().applied.isEmpty { throw StoreError.noStore(store.displayName, why: .noSchema) }
            try store.checkSchema()
            return store
        }
    }

    /// Opens the store `location` names without checking its schema: for `hindsight migrate`.
    package static func openForMigration(location: String) throws -> EventStore {
        switch try StoreLocation(location) {
        case .sqlite(let path): EventStore(backend: try SQLiteBackend.open(path: path, busyTimeout: defaultBusyTimeout, autoCheckpoint: true))
        case .postgres(let url): EventStore(backend: try PostgresBackend.connect(url))
        }
    }

    /// How long a writer waits for another by default: longer than a large file's ingest.
    package static let defaultBusyTimeout = 600.0

    /// A private in-memory SQLite store, for tests.
    package static func inMemory() throws -> EventStore {
        try EventStore(migrating: SQLiteBackend.inMemory())
    }

    init(backend: any StoreBackend) {
        self.backend = backend
    }

    init(migrating backend: any StoreBackend) throws {
        self.backend = backend
        try migrate()
        try checkSchema()
    }

    /// How messages name the store.
    package var displayName: String { backend.displayName }

    /// Runs a read in one snapshot.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try naming { try backend.read(body) }
    }

    /// Runs a read of a single statement, outside any transaction (`StoreBackend.readStatement`).
    func readStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try naming { try backend.readStatement(body) }
    }

    /// Runs a write transaction.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try naming { try backend.write(body) }
    }

    /// Runs store work whose errors name this store.
    func naming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error.naming(displayName)
        }
    }
}

extension EventStore {
    /// The SQLite file behind the store; nil for PostgreSQL and memory.
    package var sqlitePath: String? {
        guard let sqlite = backend as? SQLiteBackend, sqlite.displayName != ":memory:" else { return nil }
        return sqlite.displayName
    }

    /// Where the key that seals tokens' signing secrets is kept unless told otherwise: beside an SQLite
    /// file; for PostgreSQL, under `home`'s `.config/hindsight`, named after the server and database.
    package func defaultKeyFile(home: String) -> String {
        if let sqlitePath { return sqlitePath + ".key" }
        if let pg = backend as? PostgresBackend {
            let name = [pg.url.host, String(pg.url.port), pg.url.database, pg.url.schema].compactMap { $0 }.joined(separator: "-")
            return home + "/.config/hindsight/" + name + ".key"
        }
        return "hindsight.key"
    }
}
