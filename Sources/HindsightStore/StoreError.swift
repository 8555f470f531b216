/// What can go wrong with the store, naming the store (its path, or its URL without the password)
/// wherever the store is the subject. Remedies that are a front end's flags or commands are the front
/// end's to add.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// Nothing was found where a store was expected, and nothing was created there.
    case noStore(String, why: NoStoreReason)
    case migrationFailed(reason: String, store: String? = nil)
    /// No incident, event or change with this id in `store`; `suggestion` is the nearest id it has.
    case unknownID(String, kind: IDKind, store: String, suggestion: String?)
    case database(String, store: String? = nil)
    /// Another writer held the store's write lock longer than this one waits (seconds, when known).
    case busy(seconds: Double?, store: String? = nil)
    /// A concurrent writer's transaction and this one waited on each other (a deadlock or a serialization
    /// failure); the database cancelled this one, so nothing of it was stored and running it again succeeds.
    case writeConflict(String, store: String? = nil)
    case tokenExists(String, store: String)
    case unknownToken(String, store: String)
    /// A location that names no store: which part is wrong, and why.
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

    /// Why a location holds no store.
    package enum NoStoreReason: Sendable, Equatable {
        /// No file at the path.
        case missingFile
        /// A directory or a device, not a file.
        case notAFile
        /// A file of zero bytes.
        case emptyFile
        /// An SQLite database without Hindsight's schema.
        case foreignDatabase
        /// A PostgreSQL database (or schema) without Hindsight's tables.
        case noSchema
    }

    /// What an unknown id was looked up as.
    package enum IDKind: String, Sendable, Equatable {
        case incident
        case eventOrIncident = "event or incident"
    }

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the store '\(path)': \(reason); check the path"
        case .noStore(let store, let why):
            "no Hindsight store at \(store)" + why.explanation
        case .migrationFailed(let reason, let store):
            "cannot update the schema of the store\(Self.name(store)): \(reason); is it a Hindsight store?"
        case .unknownID(let id, let kind, let store, let suggestion):
            "no \(kind.rawValue) '\(id)' in \(store)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .database(let reason, let store):
            "the store\(Self.name(store)) failed: \(reason)"
        case .busy(let seconds, let store):
            "the store\(Self.name(store)) is busy: another process held its write lock\(seconds.map { " for more than \(Int($0)) s" } ?? ""); "
                + "retry when it is done"
        case .writeConflict(let reason, let store):
            "the store\(Self.name(store)) cancelled this write because a concurrent writer conflicted with it (\(reason)); "
                + "nothing of it was stored: run it again"
        case .tokenExists(let name, let store):
            "a token named '\(name)' already exists in \(store) (a revoked token keeps its name); pick another name"
        case .unknownToken(let name, let store):
            "no active token named '\(name)' in \(store)"
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

    /// The error naming `store`, when it names none yet: backends throw without knowing how the
    /// store is shown; `EventStore` adds its name on the way out.
    func naming(_ store: String) -> StoreError {
        switch self {
        case .migrationFailed(let reason, nil): .migrationFailed(reason: reason, store: store)
        case .database(let reason, nil): .database(reason, store: store)
        case .busy(let seconds, nil): .busy(seconds: seconds, store: store)
        case .writeConflict(let reason, nil): .writeConflict(reason, store: store)
        default: self
        }
    }

    private static func name(_ store: String?) -> String { store.map { " " + $0 } ?? "" }
}

extension StoreError.NoStoreReason {
    var explanation: String {
        switch self {
        case .missingFile: ""
        case .notAFile: ": it is not a file"
        case .emptyFile: ": the file is empty"
        case .foreignDatabase: ": it is an SQLite database without Hindsight's tables"
        case .noSchema: ": the database has none of Hindsight's tables"
        }
    }
}
