import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// Ingests large enough to take PostgreSQL's bulk path (batches of thousands of rows copied through a
/// staging table) store what SQLite stores: the same outcome for every new, repeated, merged and conflicting
/// event, the same events in the same order, and text with tabs, newlines and backslashes intact.
@Suite struct BatchIngestTests {
    /// Fields whose text COPY's format has to escape.
    static let awkward =
        #""summary":"tab\there\nnew line, back\\slash \\N \\t, \"quoted\", carriage\rreturn, ünïcödé 🚀","attributes":{"note":"a\tb\\c\nd"}"#
    static let awkwardSummary = "tab\there\nnew line, back\\slash \\N \\t, \"quoted\", carriage\rreturn, ünïcödé 🚀"

    /// 30 events stored first: ten started deploys, twenty crashes.
    static let before = (0..<30).map { k in
        k < 10
            ? eventLine(id: "pre-\(k)", at: k, kind: "deploy", service: "api", #""status":"started","version":"v\#(k)""#)
            : eventLine(id: "pre-\(k)", at: k, kind: "crash", service: "api")
    }

    /// 9,000 lines, many at the same minute (their stored order is the file's): the 30 stored events again
    /// (duplicates), the ten deploys' finishing stages (merged), five stored ids with other content
    /// (conflicts) and one line of the file twice (a duplicate within the file).
    static let file: [String] = {
        var lines: [String] = []
        for i in 0..<9_000 {
            switch i {
            case 2_000..<2_030: lines.append(before[i - 2_000])
            case 4_000..<4_010:
                let k = i - 4_000
                lines.append(eventLine(id: "pre-\(k)", at: k + 20, kind: "deploy", service: "api", #""status":"succeeded","version":"v\#(k)""#))
            case 6_000..<6_005: lines.append(eventLine(id: "pre-\(10 + i - 6_000)", at: 500, kind: "alert", service: "db"))
            case 8_000: lines.append(lines[100])
            default:
                lines.append(
                    eventLine(
                        id: "e-\(i)", at: i / 500, kind: i % 7 == 0 ? "alert" : "crash", service: "svc-\(i % 13)",
                        i % 11 == 0 ? awkward : #""host":"h\#(i % 97)""#))
            }
        }
        return lines
    }()

    static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    @Test("a large file of new, repeated, merged and conflicting events is stored as SQLite stores it", arguments: TestBackend.available)
    func largeFileStoresWhatSQLiteStores(_ backend: TestBackend) throws {
        var stored: [[Event]] = []
        for store in [try EventStore.inMemory(), try backend.makeStore()] {
            #expect(try ingest(Self.text(Self.before), into: store).new == 30)
            let report = try ingest(Self.text(Self.file), into: store, options: IngestOptions(skipInvalid: true))
            #expect(report.read == 9_000)
            #expect(report.new == 8_954)
            #expect(report.duplicates == 31)
            #expect(report.merged == 10)
            #expect(report.conflicts == 5)
            #expect(report.committed)
            #expect(try store.totalEvents() == 8_984)
            let merged = try #require(try store.event(id: "pre-3"))
            #expect(merged.status == "succeeded")
            #expect(merged.end == t0 + .minutes(23))
            #expect(try store.event(id: "pre-12")?.kind == .crash, "a conflicting line leaves the stored event alone")
            let awkward = try #require(try store.event(id: "e-11"))
            #expect(awkward.summary == Self.awkwardSummary)
            #expect(awkward.attributes == #"{"note":"a\tb\\c\nd"}"#)
            stored.append(try store.events(EventFilter()))
        }
        #expect(stored[0].count == 8_984)
        #expect(stored[1] == stored[0], "every event, in the same order (the file's, within a minute)")
    }

    @Test("several large bodies in one transaction, one of them refused, store the others", arguments: TestBackend.available)
    func largeBodiesInOneTransaction(_ backend: TestBackend) throws {
        func body(_ prefix: String, broken: Bool = false) throws -> (input: ByteInput, format: InputFormat, options: IngestOptions) {
            var lines = (0..<500).map { i in eventLine(id: "\(prefix)-\(i)", at: i / 50, kind: "crash", service: "svc-\(prefix)", Self.awkward) }
            if broken { lines[400] = #"{"id":"x","kind":"crash"}"# }
            return (try ByteInput(bytes: Array(Self.text(lines).utf8), name: prefix), .auto, IngestOptions())
        }
        var stored: [[Event]] = []
        for store in [try EventStore.inMemory(), try backend.makeStore()] {
            let results = try store.ingest(batch: [try body("a"), try body("b", broken: true), try body("c"), try body("a")])
            let reports = results.compactMap { try? $0.get() }
            #expect(reports.map(\.committed) == [true, false, true, true])
            #expect(reports.map(\.new) == [500, 499, 500, 0])
            #expect(reports.last?.duplicates == 500)
            #expect(try store.totalEvents() == 1_000)
            #expect(try store.count(EventFilter(services: ["svc-b"])) == 0, "the refused body stored nothing")
            stored.append(try store.events(EventFilter()))
        }
        #expect(stored[1] == stored[0])
    }
}
