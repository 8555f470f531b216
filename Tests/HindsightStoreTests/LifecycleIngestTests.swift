import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// Stages of one change (GitHub deployment + status, native started/succeeded) become one stored
/// change, in either arrival order, within a file or across ingests, and re-ingesting stores nothing.
@Suite struct LifecycleIngestTests {
    static let fixtures = AdapterIngestTests.fixtures

    func ingestFile(_ relative: String, into store: EventStore) throws -> IngestReport {
        try store.ingest(ByteInput(path: Self.fixtures.appendingPathComponent(relative).path))
    }

    @Test(
        "a GitHub deployment and its status merge into one change, in both orders, across two ingests",
        arguments: [["github/deployment.json", "github/deployment_status.json"], ["github/deployment_status.json", "github/deployment.json"]])
    func githubStagesMerge(_ order: [String]) throws {
        let store = try EventStore.inMemory()
        let first = try ingestFile(order[0], into: store)
        #expect(first.new == 1)
        let second = try ingestFile(order[1], into: store)
        #expect(second.new == 0)
        // The status carries the deployment's start too: after it, the bare deployment adds nothing.
        #expect(second.merged == (order[0] == "github/deployment.json" ? 1 : 0))
        #expect(second.merged + second.duplicates == 1)
        #expect(second.conflicts == 0)
        #expect(second.committed)
        #expect(try store.totalEvents() == 1)
        let change = try #require(try store.event(id: "github:deployment:145988746"))
        #expect(change.kind == .deploy)
        #expect(change.status == "succeeded")
        #expect(change.time == (try Timestamp.parse("2019-05-15T15:20:53Z").get()))  // the deployment's creation
        #expect(change.end == (try Timestamp.parse("2019-05-15T15:20:55Z").get()))  // the success status
        #expect(change.service == "Codertocat/Hello-World")

        // Both stages again: nothing new, nothing merged, the change unchanged.
        for file in order {
            let again = try ingestFile(file, into: store)
            #expect(again.new == 0)
            #expect(again.merged == 0)
            #expect(again.duplicates == 1)
        }
        #expect(try store.event(id: "github:deployment:145988746") == change)
    }

    @Test("native stages with one id merge, finish first or start first", arguments: TestBackend.available)
    func nativeStagesMerge(_ backend: TestBackend) throws {
        let start = eventLine(id: "rollout-9", at: 0, kind: "deploy", service: "api", #""status":"started","summary":"rollout 9""#)
        let finish = eventLine(id: "rollout-9", at: 40, kind: "deploy", service: "api", #""status":"failed","version":"9""#)
        var stored: [Event] = []
        for lines in [[start, finish], [finish, start]] {
            let store = try backend.makeStore()
            let one = try ingest(lines[0], into: store)
            let two = try ingest(lines[1], into: store)
            #expect(one.new == 1)
            #expect(two.merged == 1)
            let e = try #require(try store.event(id: "rollout-9"))
            #expect(e.time == t0)
            #expect(e.end == t0 + .minutes(40))
            #expect(e.status == "failed")
            #expect(e.version == "9")
            #expect(e.summary == "rollout 9")
            stored.append(e)
            // Within one file the same.
            let single = try backend.makeStore()
            let report = try ingest(lines.joined(separator: "\n"), into: single)
            #expect(report.new == 1)
            #expect(report.merged == 1)
            #expect(try single.event(id: "rollout-9") == e)
        }
        #expect(stored[0] == stored[1])
    }

    @Test(arguments: TestBackend.available) func aSameIdThatIsNotAStageIsStillAConflict(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try ingest(eventLine(id: "d1", at: 0, kind: "deploy", service: "api"), into: store)
        let report = try ingest(eventLine(id: "d1", at: 5, kind: "deploy", service: "api"), into: store)
        #expect(report.conflicts == 1)
        #expect(report.merged == 0)
        #expect(!report.committed)
        #expect(try store.event(id: "d1")?.time == t0)
    }
}
