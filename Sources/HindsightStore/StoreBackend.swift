/// Where the store's rows live: one SQLite file, or a PostgreSQL database a team shares. The store's
/// queries, ingest rules and analysis facts are written once, over `SQLSession`; a backend supplies
/// transactions, its schema's migrations and its event sink, and nothing else.
protocol StoreBackend: Sendable {
    /// Runs `body` in one consistent read snapshot.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body`, which reads with a single statement: a statement is a consistent snapshot of its own, so no
    /// transaction is opened around it (on PostgreSQL, two round trips fewer).
    func readStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// How many analyses a summary refresh runs at once, each in a read snapshot of its own.
    var concurrentReads: Int { get }
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// The write transaction of an ingest, committed only when `body` says so. With `bulk`, a load
    /// into an empty store may take the backend's faster path (SQLite builds its indexes afterwards).
    /// `phase` hears of the work after `body`: index builds, then the commit.
    func ingest<T>(bulk: Bool, phase: ((IngestProgress.Phase) -> Void)?, _ body: (any SQLSession) throws -> (T, commit: Bool)) throws -> T
    /// The migrations applied to the schema, by name.
    func appliedMigrations() throws -> [String]
    /// Applies the migrations not yet applied, in order, up to and including `last` (all when nil);
    /// returns the names it applied.
    func migrate(upTo last: String?) throws -> [String]
    /// The migrations this build knows, in order.
    var migrationNames: [String] { get }
    /// The backend's own error as the `StoreError` that says what happened (other errors unchanged), for
    /// errors caught inside a transaction rather than thrown out of it.
    func mapped(_ error: any Error) -> any Error
    /// How messages name the store: a path, or a URL without its password.
    var displayName: String { get }
}
