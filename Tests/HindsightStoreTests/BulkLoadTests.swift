import Foundation
import GRDB
import Hindsight
import HindsightFormats
import Testing

@testable import HindsightStore

/// A load into an empty store builds its indexes afterwards; what it stores must not differ in
/// any way from the row-by-row path.
@Suite struct BulkLoadTests {
    /// Valid events, a duplicate line, two records sharing an id with different content, an invalid line.
    static let input =
        (0..<500).map { i in
            eventLine(
                id: i % 50 == 0 ? nil : "e-\(i)", at: i, kind: ["crash", "alert", "deploy", "report"][i % 4], service: "svc-\(i % 7)",
                i % 3 == 0 ? #""incident":"INC-\#(i % 5)","labels":{"region":"eu"},"host":"h-\#(i % 11)","count":\#(i % 4 + 1)"# : #""version":"v\#(i % 9)""#)
        } + [
            eventLine(id: "e-1", at: 1, kind: "alert", service: "svc-1", #""version":"v1""#),  // duplicate of e-1
            eventLine(id: "e-2", at: 99, kind: "deploy", service: "elsewhere"),  // conflict with e-2
            eventLine(at: 3, kind: "deploi", service: "svc-3"),  // invalid
            eventLine(id: "rb", at: 600, kind: "rollback", service: "svc-2", #""reverts":"e-2","scope":{"percent":50,"hosts":3,"regions":["eu"]}"#),
        ]

    static func rows(_ store: EventStore) throws -> [[String]] {
        try (store.backend as! SQLiteBackend).writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq").map { row in row.databaseValues.map(\.description) }
        }
    }

    static func indexes(_ store: EventStore) throws -> [String] {
        try (store.backend as! SQLiteBackend).writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' ORDER BY name")
        }
    }

    @Test func storesExactlyWhatTheRowByRowPathStores() throws {
        let text = Self.input.joined(separator: "\n")
        let bulk = try EventStore.inMemory()
        let ordinary = try EventStore.inMemory()
        let a = try ingest(text, into: bulk, options: IngestOptions(skipInvalid: true, bulkLoad: true))
        let b = try ingest(text, into: ordinary, options: IngestOptions(skipInvalid: true, bulkLoad: false))
        #expect(a.summary == b.summary)
        #expect((a.new, a.duplicates, a.conflicts, a.invalid) == (501, 1, 1, 1))
        // Same problems, same lines (the two temporary files have different names).
        #expect(
            a.issues.map { "\($0.location.line) \($0.field ?? "") \($0.message)" }
                == b.issues.map { "\($0.location.line) \($0.field ?? "") \($0.message)" })
        let rows = try Self.rows(bulk)
        #expect(rows.count == 501)
        #expect(rows == (try Self.rows(ordinary)))
        #expect(try Self.indexes(bulk) == (try Self.indexes(ordinary)))
        #expect(try Self.indexes(bulk).count >= 8, "every secondary index is back")
        // The rebuilt indexes answer the queries the same way.
        let until = t0 + .hours(12)
        let changes = try bulk.changes(before: until, window: .hours(12), services: ["svc-2"]).map(\.id)
        #expect(!changes.isEmpty)
        #expect(changes == (try ordinary.changes(before: until, window: .hours(12), services: ["svc-2"]).map(\.id)))
    }

    @Test func aRefusedLoadLeavesTheEmptyStoreWithItsIndexes() throws {
        let store = try EventStore.inMemory()
        let before = try Self.indexes(store)
        let report = try ingest(Self.input.joined(separator: "\n"), into: store)  // strict: the invalid line refuses the file
        #expect(!report.committed)
        #expect(try Self.rows(store).isEmpty)
        #expect(try Self.indexes(store) == before)
    }

    @Test func aStoreWithEventsTakesTheRowByRowPath() throws {
        let store = try EventStore.inMemory()
        _ = try ingest(eventLine(id: "first", at: 0, kind: "deploy", service: "api"), into: store)
        let stays = try (store.backend as! SQLiteBackend).writer.write { db in try BulkLoad.begin(db) }
        #expect(stays == nil)
        // The full secondary indexes are rebuilt; the partial ones (few rows each) stay live.
        let full = try Self.indexes(store).filter { !$0.hasSuffix(": ") && !$0.contains(" WHERE ") }
        #expect(full.count == 2)
        let empty = try EventStore.inMemory()
        try (empty.backend as! SQLiteBackend).writer.write { db in
            let load = try #require(try BulkLoad.begin(db))
            #expect(load.definitions.count == full.count)
            try load.finish(db)
        }
        #expect(try Self.indexes(empty) == (try Self.indexes(store)))
    }
}
