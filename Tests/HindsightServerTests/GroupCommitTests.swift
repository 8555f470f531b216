import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// The writer's group commit: many bodies in one transaction, each all or nothing in its own savepoint.
@Suite struct GroupCommitTests {
    static func body(_ text: String) throws -> ByteInput { try ByteInput(bytes: Array(text.utf8), name: "request body") }

    @Test(arguments: TestBackend.available) func aBadBodyInABatchStoresNothingOfItselfAndLeavesTheOthersStored(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let good1 = #"{"id":"a","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}"#
        let bad = """
            {"id":"b","time":"2024-07-19T04:01:00Z","kind":"deploy","service":"api"}
            {"id":"c","time":"2024-07-19T04:02:00Z","kind":"deploy","servce":"api"}
            """
        let conflict = #"{"id":"a","time":"2024-07-19T05:00:00Z","kind":"alert","service":"api"}"#
        let good2 = #"{"id":"d","time":"2024-07-19T04:03:00Z","kind":"crash","service":"api"}"#
        let options = IngestOptions(bulkLoad: false)
        let results = try store.ingest(batch: try [good1, bad, conflict, good2, good1].map { (try Self.body($0), InputFormat.native, options) })
        let reports = try results.map { try $0.get() }
        #expect(reports.map(\.committed) == [true, false, false, true, true])
        #expect(reports[1].issues.first?.field == "servce")
        #expect(reports[2].conflicts == 1)
        #expect(reports[4].duplicates == 1, "the same body twice in one batch is stored once")
        #expect(try store.events(EventFilter()).map(\.id).sorted() == ["a", "d"], "nothing of the bad body, not even its valid first line")
    }
}
