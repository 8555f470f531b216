/// What can go wrong with the store, with what to do about it.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    case notFound(String)
    case database(String)
    /// Another writer held the store's write lock longer than this one waits (seconds, when known).
    case busy(seconds: Double?)
    case tokenExists(String)
    case unknownToken(String)
    /// A `--db` that names no store: which part is wrong, and why.
    case invalidLocation(part: String, reason: String)
    /// The PostgreSQL server did not answer or refused the connection.
    case unreachable(server: String, reason: String)
    /// The store lacks migrations this build needs.
    case schemaBehind(store: String, missing: [String], applied: Int)
    /// The store has migrations this build does not know: a newer build wrote it.
    case schemaAhead(store: String, unknown: [String])
    case unknownMigration(String, known: [String])
    /// A backup copies an SQLite file; a PostgreSQL store is backed up with PostgreSQL's own tools.
    case backupNeedsSQLite(store: String)
    /// The backup's destination already exists.
    case backupExists(String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the store '\(path)': \(reason); check the path"
        case .migrationFailed(let reason):
            "cannot update the store's schema: \(reason); is it a Hindsight store?"
        case .notFound(let what):
            "no event or incident '\(what)' in the store"
        case .database(let reason):
            "the store failed: \(reason)"
        case .busy(let seconds):
            "the store is busy: another process held its write lock\(seconds.map { " for more than \(Int($0)) s" } ?? ""); retry when it is done"
        case .tokenExists(let name):
            "a token named '\(name)' already exists; pick another name, or revoke it first with 'hindsight token revoke \(name)'"
        case .unknownToken(let name):
            "no active token named '\(name)'; list them with 'hindsight token list'"
        case .invalidLocation(let part, let reason):
            "the store location is not valid: its \(part) \(reason)"
        case .unreachable(let server, let reason):
            "cannot use the PostgreSQL server \(server): \(reason)"
        case .schemaBehind(let store, let missing, let applied):
            "the store \(store) has \(applied) of \(applied + missing.count) schema migrations (missing: \(missing.joined(separator: ", "))): "
                + "its schema must be brought up to date first"
        case .schemaAhead(let store, let unknown):
            "the store \(store) has schema migrations this build does not know (\(unknown.joined(separator: ", "))): "
                + "a newer hindsight wrote it; upgrade hindsight"
        case .unknownMigration(let name, let known):
            "no migration named '\(name)'; the migrations are: \(known.joined(separator: ", "))"
        case .backupNeedsSQLite(let store):
            "\(store) is a PostgreSQL store: back it up with pg_dump or a base backup (pg_basebackup), as docs/postgres.md describes"
        case .backupExists(let path):
            "'\(path)' already exists; a backup never overwrites a file: give a new file name, or move the old one away"
        }
    }
}
