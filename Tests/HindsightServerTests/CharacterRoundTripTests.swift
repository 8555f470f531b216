import Foundation
import HindsightTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Every class of character through every path, on each backend: written by `ingest` and by
/// `POST /v1/events`, read back by `events --json`, `export` and `GET /v1/events`, and equal to what was
/// written; U+0000 and broken surrogates refused on both ways in, naming the field, storing nothing.
@Suite(.serialized) struct CharacterRoundTripTests {
    /// The texts, as JSON escapes (what a producer writes) and as the characters they stand for.
    static let texts: [(name: String, json: String, text: String)] = [
        ("controls", #"\u0001\u0002\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f"#, "\u{1}\u{2}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}\u{1f}\u{7f}"),
        ("quotes", #"\"double\" 'single' `back`"#, "\"double\" 'single' `back`"),
        ("backslashes", #"C:\\path\\to \\N \\u0000 \\\\"#, #"C:\path\to \N \u0000 \\"#),
        ("separators", #"line\u2028paragraph\u2029end"#, "line\u{2028}paragraph\u{2029}end"),
        ("astral", #"\ud83d\ude80 😀 𝄞"#, "🚀 😀 𝄞"),
        ("combining", #"e\u0301 é n\u0303 Z\u0351\u0358"#, "e\u{301} é n\u{303} Z\u{351}\u{358}"),
        ("markup", "<script>alert(1)</script> & %00 %s {{x}} | `md`", "<script>alert(1)</script> & %00 %s {{x}} | `md`"),
    ]

    /// One event per text, carrying it in a text field, a label and a host; ids prefixed by the way in.
    static func lines(prefix: String) -> String {
        texts.enumerated().map { i, t in
            #"{"id":"\#(prefix)-\#(t.name)","time":"2024-07-19T04:0\#(i):00Z","kind":"alert","service":"svc-\#(t.name)","#
                + #""summary":"\#(t.json)","host":"h \#(t.json)","labels":{"note":"\#(t.json)"}}"#
        }.joined(separator: "\n") + "\n"
    }

    /// The events of a JSON Lines output by id.
    static func byID(_ jsonl: String) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for line in jsonl.split(separator: "\n") where !line.isEmpty {
            let object = jsonObject(String(line))
            if let id = object["id"] as? String { out[id] = object }
        }
        return out
    }

    static func check(_ events: [String: [String: Any]], prefix: String, path: String) {
        for t in texts {
            let e = events["\(prefix)-\(t.name)"]
            #expect(e?["summary"] as? String == t.text, "\(path): \(prefix)-\(t.name) summary")
            #expect(e?["host"] as? String == "h " + t.text, "\(path): \(prefix)-\(t.name) host")
            #expect((e?["labels"] as? [String: String])?["note"] == t.text, "\(path): \(prefix)-\(t.name) label")
        }
    }

    @Test(arguments: TestBackend.available) func everyCharacterComesBackAsWrittenOnEveryPath(_ backend: TestBackend) async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keys) }
        let keyFile = keys.appendingPathComponent("store.key").path
        let location = try backend.makeLocation(directory: keys)
        let serve = try ServeProcess(db: location, keyFile: keyFile)
        defer { serve.cleanUp() }
        if backend == .postgres { #expect(try serve.cli(["migrate"]).status == 0) }
        let file = serve.folder.appendingPathComponent("awkward.jsonl")
        try Self.lines(prefix: "cli").write(to: file, atomically: true, encoding: .utf8)
        let ingested = try serve.cli(["ingest", file.path])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let token = try serve.createToken(["writer", "--scope", "write", "--key-file", keyFile])
        try serve.start()
        let (status, answer) = try await serve.post("/v1/events", token: token, body: Data(Self.lines(prefix: "http").utf8))
        #expect(status == 200, "\(answer)")

        let listed = try serve.cli(["events", "--json"])
        #expect(listed.status == 0)
        let exported = try serve.cli(["export"])
        #expect(exported.status == 0)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(serve.port)/v1/events?limit=100")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let api = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        let apiByID = Dictionary(api.compactMap { e in (e["id"] as? String).map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
        for prefix in ["cli", "http"] {
            Self.check(Self.byID(listed.stdout), prefix: prefix, path: "events --json")
            Self.check(Self.byID(exported.stdout), prefix: prefix, path: "export")
            Self.check(apiByID, prefix: prefix, path: "GET /v1/events")
        }
        // What one way in stored is what the other stored: the two outputs differ only by the ids' prefix.
        let cliLines = listed.stdout.split(separator: "\n").filter { $0.contains(#""id":"cli-"#) }.map { $0.replacingOccurrences(of: #""id":"cli-"#, with: "") }
        let httpLines = listed.stdout.split(separator: "\n").filter { $0.contains(#""id":"http-"#) }.map {
            $0.replacingOccurrences(of: #""id":"http-"#, with: "")
        }
        #expect(cliLines.count == Self.texts.count)
        #expect(cliLines == httpLines)
        // Exported events read back in are already stored, byte for byte.
        let back = serve.folder.appendingPathComponent("export.jsonl")
        try exported.stdout.write(to: back, atomically: true, encoding: .utf8)
        let again = try serve.cli(["ingest", back.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains(" 0 new"), "\(again.stdout)")
        #expect(again.stdout.contains("\(2 * Self.texts.count) already stored"), "\(again.stdout)")

        // U+0000, escaped, and broken surrogates: refused on both ways in, naming what is wrong; nothing stored.
        let refused: [(line: String, field: String?, says: String)] = [
            (#"{"time":"2024-07-19T05:00:00Z","kind":"alert","service":"n\u0000b"}"#, "service", "U+0000"),
            (#"{"time":"2024-07-19T05:00:00Z","kind":"alert","service":"api","labels":{"team":"\u0000"}}"#, "labels.team", "U+0000"),
            (#"{"time":"2024-07-19T05:00:00Z","kind":"alert","service":"api","summary":"\ud800"}"#, nil, "surrogate"),
            (#"{"time":"2024-07-19T05:00:00Z","kind":"alert","service":"api","summary":"\udc00x"}"#, nil, "lone \\u surrogate"),
        ]
        for (i, r) in refused.enumerated() {
            let bad = serve.folder.appendingPathComponent("bad\(i).jsonl")
            try (r.line + "\n").write(to: bad, atomically: true, encoding: .utf8)
            let cli = try serve.cli(["ingest", bad.path])
            #expect(cli.status == 1)
            #expect(cli.stderr.contains(r.says), "\(cli.stderr)")
            if let field = r.field { #expect(cli.stderr.contains("field '\(field)'"), "\(cli.stderr)") }
            let (code, body) = try await serve.post("/v1/events", token: token, body: Data(r.line.utf8))
            #expect(code == 400, "\(body)")
            #expect(jsonObject(body)["field"] as? String == r.field)
            #expect((jsonObject(body)["error"] as? String)?.contains(r.says) == true, "\(body)")
        }
        let count = try serve.cli(["events", "--json"]).stdout.split(separator: "\n").count
        #expect(count == 2 * Self.texts.count)
    }
}
