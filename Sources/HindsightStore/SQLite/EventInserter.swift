import GRDB
import GRDBSQLite
import Hindsight

/// SQLite's event sink: one prepared statement reused for every row, the ingest hot path; each
/// outcome is known at once.
final class EventInserter: EventSink {
    let db: Database
    let insert: Statement
    let lookup: Statement
    let update: Statement

    init(_ db: Database) throws {
        self.db = db
        let columns = Schema.insertColumns
        insert = try db.makeStatement(
            sql: """
                INSERT INTO event (\(columns.joined(separator: ", ")))
                VALUES (\(placeholders(columns.count)))
                ON CONFLICT(id) DO NOTHING
                """)
        lookup = try db.makeStatement(sql: "SELECT digest, time, kind FROM event WHERE id = ?")
        update = try db.makeStatement(
            sql: """
                UPDATE event SET (\(columns.dropFirst().joined(separator: ", "))) = (\((2...columns.count).map { "?\($0)" }.joined(separator: ", ")))
                WHERE id = ?1
                """)
    }

    func add(_ event: Event, outcome: @escaping (InsertOutcome) -> Void) throws {
        outcome(try add(event))
    }

    func flush() throws {}

    func add(_ e: Event) throws -> InsertOutcome {
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
        let storedDigest = sqlite3_column_int64(l, 0)
        let storedTime = sqlite3_column_int64(l, 1)
        let storedKind = String(cString: sqlite3_column_text(l, 2))
        sqlite3_reset(l)
        let (outcome, rewrite) = try InsertOutcome.ofStored(
            e, digest: digest, storedDigest: storedDigest, storedTime: storedTime, storedKind: storedKind
        ) {
            try SQLiteSession(db).events("SELECT \(Event.selectColumns) FROM event WHERE id = ?", [e.id]).first
        }
        if let rewrite {
            let u = update.sqliteStatement
            sqlite3_reset(u)
            sqlite3_clear_bindings(u)
            bindRow(u, rewrite, digest: Int64(bitPattern: rewrite.contentDigest))
            guard sqlite3_step(u) == SQLITE_DONE else { throw StoreError.database(String(cString: sqlite3_errmsg(sqlite3_db_handle(u)))) }
        }
        return outcome
    }

    /// Binds every column of `e` in `Schema.insertColumns` order (the id is parameter 1).
    func bindRow(_ s: OpaquePointer?, _ e: Event, digest: Int64) {
        for (i, value) in e.columnValues(digest: digest).enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: break
            case .integer(let n): sqlite3_bind_int64(s, index, n)
            case .real(let d): sqlite3_bind_double(s, index, d)
            case .text(let t): bind(s, index, t)
            case .blob: preconditionFailure("an event has no blob column")
            }
        }
    }

    @inline(__always) func bind(_ s: OpaquePointer?, _ index: Int32, _ value: String?) {
        guard var value else { return }
        value.withUTF8 { buf in
            let raw = UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            _ = sqlite3_bind_text(s, index, raw.assumingMemoryBound(to: CChar.self), Int32(buf.count), sqliteTransient)
        }
    }
}

/// SQLite's "copy the bytes now" destructor, which the C macro defines as -1.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
