import GRDB
import GRDBSQLite
import Hindsight

/// Inserts events through one prepared statement reused for every row: the ingest hot path.
/// Lives inside one write transaction; an id already stored is a duplicate when the content
/// digest matches, a stage of the stored change when `ChangeLifecycle` merges the two (the row
/// becomes the merged change), and a conflict otherwise (never overwritten).
final class EventInserter {
    enum Outcome: Equatable {
        case new, duplicate
        /// Another stage of a stored change: the stored row now holds the merged change.
        case merged
        case conflict(storedTime: Int64, storedKind: String)
    }

    let db: Database
    let insert: Statement
    let lookup: Statement
    let update: Statement

    init(_ db: Database) throws {
        self.db = db
        let columns = Schema.insertColumns
        insert = try db.makeStatement(sql: """
            INSERT INTO event (\(columns.joined(separator: ", ")))
            VALUES (\(placeholders(columns.count)))
            ON CONFLICT(id) DO NOTHING
            """)
        lookup = try db.makeStatement(sql: "SELECT digest, time, kind FROM event WHERE id = ?")
        update = try db.makeStatement(sql: """
            UPDATE event SET (\(columns.dropFirst().joined(separator: ", "))) = (\((2...columns.count).map { "?\($0)" }.joined(separator: ", ")))
            WHERE id = ?1
            """)
    }

    func add(_ e: Event) throws -> Outcome {
        let s = insert.sqliteStatement
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        let digest = Int64(bitPattern: e.contentDigest)
        bindRow(s, e, digest: digest)
        let rc = sqlite3_step(s)
        guard rc == SQLITE_DONE else { throw StoreError.database(String(cString: sqlite3_errmsg(sqlite3_db_handle(s)))) }
        if sqlite3_changes(db.sqliteConnection) == 1 { return .new }

        let l = lookup.sqliteStatement
        sqlite3_reset(l)
        bind(l, 1, e.id)
        guard sqlite3_step(l) == SQLITE_ROW else { throw StoreError.database("an insert was ignored but id '\(e.id)' is not stored") }
        let stored = sqlite3_column_int64(l, 0)
        if stored == digest { return .duplicate }
        let conflict = Outcome.conflict(storedTime: sqlite3_column_int64(l, 1), storedKind: String(cString: sqlite3_column_text(l, 2)))
        sqlite3_reset(l)
        guard e.kind.isChange, let row = try Row.fetchOne(db, sql: "SELECT \(Event.selectColumns) FROM event WHERE id = ?", arguments: [e.id])
        else { return conflict }
        let storedEvent = Event(row: row)
        guard let merged = ChangeLifecycle.merge(storedEvent, e) else { return conflict }
        let mergedDigest = Int64(bitPattern: merged.contentDigest)
        if mergedDigest == stored { return .duplicate }
        let u = update.sqliteStatement
        sqlite3_reset(u)
        sqlite3_clear_bindings(u)
        bindRow(u, merged, digest: mergedDigest)
        guard sqlite3_step(u) == SQLITE_DONE else { throw StoreError.database(String(cString: sqlite3_errmsg(sqlite3_db_handle(u)))) }
        return .merged
    }

    /// Binds every column of `e` in `Schema.insertColumns` order (the id is parameter 1).
    func bindRow(_ s: OpaquePointer?, _ e: Event, digest: Int64) {
        bind(s, 1, e.id)
        sqlite3_bind_int64(s, 2, digest)
        sqlite3_bind_int64(s, 3, e.time.milliseconds)
        bind(s, 4, e.kind.rawValue)
        bind(s, 5, e.service)
        bind(s, 6, e.environment)
        bind(s, 7, e.summary)
        if let end = e.end { sqlite3_bind_int64(s, 8, end.milliseconds) }
        bind(s, 9, e.version)
        bind(s, 10, e.reverts)
        bind(s, 11, e.status)
        bind(s, 12, e.incident)
        bind(s, 13, e.severity)
        bind(s, 14, e.title)
        bind(s, 15, e.host)
        sqlite3_bind_int64(s, 16, Int64(e.count))
        bind(s, 17, e.scope?.json)
        if let p = e.scope?.percent { sqlite3_bind_double(s, 18, p) }
        if let h = e.scope?.hosts { sqlite3_bind_int64(s, 19, Int64(h)) }
        bind(s, 20, e.actor)
        bind(s, 21, e.source)
        bind(s, 22, e.url)
        bind(s, 23, e.labels?.json)
        bind(s, 24, e.region)
        bind(s, 25, e.attributes)
        bind(s, 26, e.verdict)
        bind(s, 27, e.change)
        bind(s, 28, e.action)
        bind(s, 29, e.owner)
        bind(s, 30, e.due)
        if let commit = e.commitTime { sqlite3_bind_int64(s, 31, commit.milliseconds) }
    }

    @inline(__always) func bind(_ s: OpaquePointer?, _ index: Int32, _ value: String?) {
        guard var value else { return }
        value.withUTF8 { buf in
            let raw = UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            _ = sqlite3_bind_text(s, index, raw.assumingMemoryBound(to: CChar.self), Int32(buf.count), SQLITE_TRANSIENT)
        }
    }
}

/// SQLite's "copy the bytes now" destructor, which the C macro defines as -1.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
