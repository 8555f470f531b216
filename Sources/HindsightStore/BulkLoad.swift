import GRDB

/// An ingest into an empty store: the event table's secondary indexes are dropped inside the
/// ingest's transaction and built again, from their own stored definitions, before it commits.
/// Building an index once over sorted rows costs a fraction of keeping it up to date row by row.
struct BulkLoad: Equatable {
    /// The dropped indexes' `CREATE INDEX` statements, as the migrations wrote them.
    let definitions: [String]

    /// Drops the secondary indexes when the store holds no event; nil (nothing done) otherwise.
    static func begin(_ db: Database) throws -> BulkLoad? {
        guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM event)") == true else { return nil }
        // The unique index on id has no SQL of its own (it belongs to the table): it stays.
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' AND sql IS NOT NULL ORDER BY name
            """)
        for index in indexes {
            let name: String = index["name"]
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        return BulkLoad(definitions: indexes.map { $0["sql"] })
    }

    /// Builds the dropped indexes again over the loaded rows.
    func finish(_ db: Database) throws {
        for sql in definitions { try db.execute(sql: sql) }
    }
}
