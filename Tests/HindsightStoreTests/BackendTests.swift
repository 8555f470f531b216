import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// What only a second backend makes testable: locations, schema versions, concurrent writers,
/// moving a store across backends, and answers identical on both.
@Suite struct BackendTests {
    static let scratch = FileManager.default.temporaryDirectory

    static func location(_ backend: TestBackend) throws -> String { try backend.makeLocation(directory: scratch) }

    /// Every stored event as `hindsight export` writes it: native JSON lines, in store order.
    static func exported(_ store: EventStore, batch: Int = 1_000) throws -> [String] {
        var lines: [String] = []
        try store.forEachEvent(batch: batch) { events in
            lines += events.map(\.nativeJSON)
            return true
        }
        return lines
    }

    static func part(of location: String) -> String? {
        do {
            _ = try EventStore.open(location: location)
            return nil
        } catch StoreError.invalidLocation(let part, _) {
            return part
        } catch {
            return "other: \(error)"
        }
    }

    @Test func aMalformedURLNamesItsWrongPart() {
        #expect(Self.part(of: "postgres://@127.0.0.1/db") == "user")
        #expect(Self.part(of: "postgres://u@127.0.0.1:70000/db") == "port 70000")
        #expect(Self.part(of: "postgres://u@127.0.0.1:5432") == "database")
        #expect(Self.part(of: "postgres://u@127.0.0.1/db/extra") == "database 'db/extra'")
        #expect(Self.part(of: "postgres://u@127.0.0.1/db?sslmode=maybe") == "sslmode 'maybe'")
        #expect(Self.part(of: "postgres://u@127.0.0.1/db?schema=Bad-Name") == "schema 'Bad-Name'")
        #expect(Self.part(of: "postgres://u@127.0.0.1/db?pool=3") == "parameter 'pool'")
        #expect(Self.part(of: "mysql://u@127.0.0.1/db") == "scheme 'mysql'")
        #expect(Self.part(of: "sqlite:") == "path")
    }

    @Test func anUnreachableServerIsNamedWithWhatToCheck() throws {
        // Port 1 on loopback: nothing listens there.
        let error = #expect(throws: StoreError.self) { try EventStore.open(location: "postgres://hindsight@127.0.0.1:1/hindsight") }
        guard case .unreachable(let server, let reason)? = error else {
            Issue.record("not .unreachable: \(String(describing: error))")
            return
        }
        #expect(server == "127.0.0.1:1")
        #expect(reason.contains("Connection refused"))
        #expect(reason.contains("check that the server runs"))
    }

    @Test(arguments: TestBackend.available)
    func migratesFromEmptyAndFromThePreviousVersion(_ backend: TestBackend) throws {
        // From empty: nothing applied; PostgreSQL's commands refuse it until `migrate` runs.
        let empty = try EventStore.openForMigration(location: try Self.location(backend))
        let known = try empty.schemaStatus().known
        if backend == .postgres {
            #expect(try empty.schemaStatus().applied.isEmpty)
            let refused = #expect(throws: StoreError.self) { try empty.checkSchema() }
            guard case .schemaBehind(_, let missing, 0)? = refused else {
                Issue.record("not behind: \(String(describing: refused))")
                return
            }
            #expect(missing == known)
        }
        _ = try empty.migrate()
        #expect(Set(try empty.schemaStatus().applied) == Set(known))
        try empty.checkSchema()
        #expect(try empty.migrate().isEmpty, "a second migrate applies nothing")

        // From the previous version: every migration but the last, with events stored under it.
        let location = try Self.location(backend)
        let previous = try EventStore.openForMigration(location: location)
        #expect(try previous.migrate(upTo: known[known.count - 2]) == Array(known.dropLast()))
        let e = Event(id: "d1", time: t0, kind: .deploy, service: "api", version: "v2")
        #expect(try previous.insert([e]) == 1)
        if backend == .postgres {
            let refused = #expect(throws: StoreError.self) { try EventStore.open(location: location) }
            guard case .schemaBehind(_, let missing, _)? = refused else {
                Issue.record("not behind: \(String(describing: refused))")
                return
            }
            #expect(missing == [known.last!])
        }
        #expect(try previous.migrate() == [known.last!])
        let current = try EventStore.open(location: location)
        #expect(try current.event(id: "d1") == e)
        try current.addToken(APIToken(name: "ci", format: nil, digest: [1, 2], sealedSecret: [3], createdAt: t0))
        #expect(try current.tokens().map(\.name) == ["ci"])
    }

    @Test(arguments: TestBackend.available)
    func anUnknownMigrationIsRefused(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        #expect(throws: StoreError.unknownMigration("9-nope", known: try store.schemaStatus().known)) { try store.migrate(upTo: "9-nope") }
    }

    /// Two connections (two opened stores, as two servers have) ingest one file at the same moment: every
    /// event is stored once, and between them the two reports count each event once as new.
    @Test(arguments: TestBackend.available)
    func twoConcurrentIngestsOfOneFileStoreItOnce(_ backend: TestBackend) throws {
        let location = try Self.location(backend)
        let first = try EventStore.openForMigration(location: location)
        try first.migrate()
        let second = try EventStore.open(location: location)
        let n = 5_000
        let lines = (0..<n).map { i in
            eventLine(id: "e\(i)", at: i % 600, kind: i % 10 == 0 ? "deploy" : "alert", service: "svc\(i % 7)", #""summary":"event \#(i)""#)
        }
        let file = Self.scratch.appendingPathComponent("hindsight-concurrent-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let reports = UnsafeSendableBox<[Result<IngestReport, any Error>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let store = i == 0 ? first : second
            reports.value[i] = Result { try store.ingest(try ByteInput(path: file.path), options: IngestOptions(bulkLoad: false)) }
        }
        let done = try reports.value.map { try #require($0).get() }  // an ingest's error fails the test as itself
        #expect(done.map(\.new).reduce(0, +) == n)
        #expect(done.map(\.duplicates).reduce(0, +) == n)
        #expect(done.allSatisfy { $0.conflicts == 0 })
        #expect(try first.totalEvents() == n)
        #expect(Set(try second.events(EventFilter()).map(\.id)).count == n)
    }

    /// SQLite → PostgreSQL → SQLite through `forEachEvent` (what `hindsight export` writes): the same lines each time.
    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func exportMovesAStoreAcrossBackendsByteForByte() throws {
        func export(_ store: EventStore) throws -> String { try Self.exported(store, batch: 100).joined(separator: "\n") + "\n" }
        let sqlite = try TestBackend.sqlite.makeStore()
        for folder in SampleIncidentsTests.folders {
            _ = try sqlite.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
        }
        let fromSQLite = try export(sqlite)
        let postgres = try TestBackend.postgres.makeStore()
        let report = try ingest(fromSQLite, into: postgres)
        #expect(report.new == (try sqlite.totalEvents()))
        let fromPostgres = try export(postgres)
        #expect(fromPostgres == fromSQLite)
        let back = try TestBackend.sqlite.makeStore()
        _ = try ingest(fromPostgres, into: back)
        #expect(try export(back) == fromSQLite)
    }

    /// A file of several insert batches whose values hold tabs, newlines, backslashes, a literal `\N`,
    /// NULLs, fractions and non-ASCII text: PostgreSQL stores the same events, in the same order, as
    /// SQLite; a repeated line is a duplicate, a changed one a conflict.
    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func aLargeFileKeepsEveryByteAndItsOrderOnBothBackends() throws {
        let awkward = [#"tab\there"#, #"line\nbreak\r\nand back"#, #"back\\slash \\N not null"#, "Zürich – 東京 | `md` <b>", #"\\."#]
        let lines = (0..<2_500).map { i in
            eventLine(
                id: "e\(i)", at: (i * 7) % 900, kind: ["deploy", "alert", "crash", "config"][i % 4], service: "svc\(i % 11)",
                [
                    #""summary":"\#(awkward[i % awkward.count]) \#(i)""#,
                    i % 3 == 0 ? #""scope":{"percent":\#(Double(i % 97) / 8),"hosts":\#(i),"regions":["eu-\#(i % 2)"]}"# : nil,
                    i % 5 == 0 ? #""labels":{"team":"t\#(i % 4)","quote":"\"q\""}"# : nil,
                    i % 2 == 0 ? #""host":"h\#(i)""# : nil,
                ].compactMap { $0 }.joined(separator: ","))
        }
        let file = lines.joined(separator: "\n") + "\n" + lines[7] + "\n"
        var exports: [String] = []
        for backend in [TestBackend.sqlite, .postgres] {
            let store = try backend.makeStore()
            let report = try ingest(file, into: store)
            #expect(report.new == 2_500 && report.duplicates == 1, "\(backend): \(report.new) new, \(report.duplicates) duplicates")
            let exported = try Self.exported(store)
            exports.append(exported.joined(separator: "\n"))
            let changed = try ingest(exported[3].replacingOccurrences(of: "\"svc", with: "\"other"), into: store)
            #expect(changed.conflicts == 1 && changed.new == 0, "\(backend)")
        }
        #expect(exports[0].contains(#"tab\there 0"#))
        #expect(exports[1] == exports[0])
    }

    /// Every sample incident's `analyze --json` is the same on both backends, byte for byte.
    @Test(.enabled(if: TestBackend.postgresURL != nil), arguments: SampleIncidentsTests.folders)
    func everySampleAnalysesIdenticallyOnBothBackends(_ folder: URL) throws {
        var answers: [[String]] = []
        for backend in [TestBackend.sqlite, .postgres] {
            let store = try backend.makeStore()
            _ = try store.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
            let catalog = folder.appendingPathComponent("catalog-info.yaml").path
            if FileManager.default.fileExists(atPath: catalog) { try store.importCatalog(try CatalogDecoder.decode(path: catalog)) }
            answers.append(try store.incidentIDs().map { try store.analysis(incident: $0).json })
        }
        #expect(!answers[0].isEmpty)
        #expect(answers[0] == answers[1])
    }
}

/// A value shared by the two workers of a test, each writing its own slot.
final class UnsafeSendableBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
