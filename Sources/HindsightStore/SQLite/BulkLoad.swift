import GRDB

/// An ingest into an empty store: the event table's full secondary indexes are dropped inside the
/// ingest's transaction and built again, from their own stored definitions, before it commits.
/// Building an index once by sorting costs less than keeping it up to date row by row.
struct BulkLoad: Equatable {
    /// The dropped indexes' `CREATE INDEX` statements, as the migrations wrote them.
    let definitions: [String]
    /// Their planner statistics (`sqlite_stat1`, by index name), which dropping an index deletes.
    var statistics: [String: String] = [:]

    /// Drops the secondary indexes when the store holds no event; nil (nothing done) otherwise.
    static func begin(_ db: Database) throws -> BulkLoad? {
        guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM event)") == true else { return nil }
        // The unique index on id has no SQL of its own (it belongs to the table): it stays.
        // Partial indexes (over changes, rollbacks, linked signals) take few rows and stay.
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' AND sql IS NOT NULL
                AND sql NOT LIKE '% WHERE %' ORDER BY name
                """)
        var load = BulkLoad(definitions: indexes.map { $0["sql"] })
        if try db.tableExists("sqlite_stat1") {
            for row in try Row.fetchAll(db, sql: "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'event' AND idx IS NOT NULL") {
                let name: String = row["idx"]
                if indexes.contains(where: { $0["name"] == name }) { load.statistics[name] = row["stat"] }
            }
        }
        for index in indexes {
            let name: String = index["name"]
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        return load
    }

    /// Builds the dropped indexes again over the loaded rows, telling `progress` which, one by one (it
    /// takes seconds on a large load). A small page cache bounds the
    /// sorter's memory (it spills to temporary files) without slowing it down much.
    func finish(_ db: Database, progress: ((IngestProgress.Phase) -> Void)? = nil) throws {
        guard !definitions.isEmpty else { return }
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? SQLiteBackend.ingestCacheSize
        try db.execute(sql: "PRAGMA cache_size = \(Self.sortCacheSize)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
        for (i, sql) in definitions.enumerated() {
            progress?(.indexing(name: Self.indexName(sql) ?? "index \(i + 1)", number: i + 1, count: definitions.count))
            try db.execute(sql: sql)
        }
        for (name, stat) in statistics.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('event', ?, ?)", arguments: [name, stat])
        }
    }

    /// `event_kind_time` from `CREATE INDEX event_kind_time ON event(kind, time)`.
    static func indexName(_ definition: String) -> String? {
        let words = definition.split(whereSeparator: \.isWhitespace)
        guard let at = words.firstIndex(where: { $0.uppercased() == "INDEX" }), at + 1 < words.count else { return nil }
        return String(words[at + 1].filter { !"\"`[]".contains($0) })
    }

    /// 16 MiB, as SQLite's negative `cache_size` in KiB.
    static let sortCacheSize = -16384
}
