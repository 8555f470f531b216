import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

@Suite struct IngestTests {
    static let thousand =
        (0..<1000).map { i in
            eventLine(at: i, kind: i % 10 == 0 ? "deploy" : "crash", service: "svc-\(i % 7)", #""host":"h-\#(i)""#)
        }.joined(separator: "\n") + "\n"

    @Test(arguments: TestBackend.available) func storesEachEventOnce(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let first = try ingest(Self.thousand, into: store)
        #expect(first.read == 1000)
        #expect(first.new == 1000)
        #expect(first.duplicates == 0)
        #expect(first.committed)
        #expect(first.format == "native")
        #expect(first.summary == "1,000 read, 1,000 new, 0 already stored", "thousands separated")

        let second = try ingest(Self.thousand, into: store)
        #expect(second.read == 1000)
        #expect(second.new == 0)
        #expect(second.duplicates == 1000)
        #expect(second.conflicts == 0)
        #expect(second.committed)
        #expect(second.issues.isEmpty)
        #expect(second.summary == "1,000 read, 0 new, 1,000 already stored")
        #expect(try store.totalEvents() == 1000)
    }

    @Test(arguments: TestBackend.available) func storesADuplicateInsideOneFileOnce(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let line = eventLine(at: 0, kind: "deploy", service: "api")
        let report = try ingest(line + "\n" + line + "\n", into: store)
        #expect(report.summary == "2 read, 1 new, 1 already stored")
        #expect(try store.totalEvents() == 1)
    }

    @Test(arguments: TestBackend.available) func neverOverwritesAStoredIDWithOtherContent(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try ingest(eventLine(id: "cs-291", at: 9, kind: "config", service: "falcon", #""version":"291""#), into: store)
        let before = try #require(try store.event(id: "cs-291"))

        let report = try ingest(eventLine(id: "cs-291", at: 30, kind: "deploy", service: "falcon", #""version":"292""#) + "\n", into: store)
        #expect(report.conflicts == 1)
        #expect(report.new == 0)
        #expect(!report.committed)
        #expect(report.summary == "1 read, 0 new, 0 already stored, 1 conflicting")
        let issue = try #require(report.issues.first)
        #expect(issue.field == "id")
        #expect(issue.location.line == 1)
        #expect(
            issue.message == "'cs-291' is already stored with other content (a config at 2024-07-19T04:09:00Z); stored events are never overwritten: "
                + "give this event another id, or drop the id to derive one from its content")
        #expect(try store.event(id: "cs-291") == before)
        #expect(before.version == "291")
    }

    @Test(arguments: TestBackend.available) func strictIngestStoresNothingWhenAnyLineIsInvalid(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        var lines = (0..<3).map { eventLine(at: $0, kind: "deploy", service: "api") }
        lines += (0..<25).map { eventLine(at: $0, kind: "deploi", service: "api") }
        lines.append(eventLine(at: 99, kind: "crash", service: "api", #""servce":"x""#))
        let report = try ingest(lines.joined(separator: "\n"), into: store)
        #expect(!report.committed)
        #expect(report.read == 29)
        #expect(report.invalid == 26)
        #expect(report.issues.count == 20)
        #expect(report.summary == "29 read, 0 new, 0 already stored, 26 invalid")
        #expect(try store.totalEvents() == 0)
        let first = report.issues[0]
        #expect(first.location.line == 4)
        #expect(first.location.file.hasSuffix(".jsonl"))
        #expect(first.field == "kind")
        #expect(report.issues.map(\.location.line) == Array(4...23))
    }

    @Test(arguments: TestBackend.available) func skipInvalidStoresTheValidLines(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let lines = [
            eventLine(id: "a", at: 0, kind: "deploy", service: "api"),
            eventLine(id: "b", at: 1, kind: "deploy", service: "api", #""count":0"#),
            eventLine(id: "c", at: 2, kind: "crash", service: "api"),
            "{broken",
        ]
        let report = try ingest(lines.joined(separator: "\n"), into: store, options: IngestOptions(skipInvalid: true))
        #expect(report.committed)
        #expect(report.new == 2)
        #expect(report.invalid == 2)
        #expect(report.summary == "4 read, 2 new, 0 already stored, 2 invalid")
        #expect(report.issues.map(\.location.line) == [2, 4])
        #expect(report.issues.map(\.field) == ["count", nil])
        #expect(try store.events(EventFilter()).map(\.id) == ["a", "c"])
    }

    @Test(arguments: TestBackend.available) func listsAtMostTheLimit(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let lines = (0..<10).map { eventLine(at: $0, kind: "nope", service: "api") }
        let report = try ingest(lines.joined(separator: "\n"), into: store, options: IngestOptions(listLimit: 3))
        #expect(report.invalid == 10)
        #expect(report.issues.count == 3)
    }

    @Test(arguments: TestBackend.available) func ingestsCSV(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let csv = "id,time,kind,service,scope.percent,labels.region\nx1,2024-07-19T04:09:00Z,config,falcon,100,us-east-1\n"
        let report = try ingest(csv, into: store, suffix: ".csv")
        #expect(report.format == "csv")
        #expect(report.summary == "1 read, 1 new, 0 already stored")
        let e = try #require(try store.event(id: "x1"))
        #expect(e.scope?.percent == 100)
        #expect(e.region == "us-east-1")
    }

    @Test func failsOnAnUnreadableFile() throws {
        let error = #expect(throws: FormatError.self) { try ByteInput(path: "/nonexistent/hindsight/events.jsonl") }
        #expect(error?.description == "cannot read '/nonexistent/hindsight/events.jsonl': No such file or directory; check the path and its permissions")
    }
}
