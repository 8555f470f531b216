import Foundation
import Hindsight
import Testing

@testable import HindsightFormats

/// The one-pass decoder must give exactly what the general path gives, and leave every line it
/// cannot vouch for to the general path (which then names the problem).
@Suite struct NativeFastDecoderTests {
    static func both(_ line: String) -> (fast: Event?, general: DecodedRecord) {
        var copy = line
        return copy.withUTF8 { buf in
            (NativeFastDecoder.event(buf), NativeJSONDecoder.generalRecord(from: buf, at: SourceLocation(file: "t.jsonl", line: 1)))
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every line of every bundled sample incident: real shapes, scopes, labels, attributes, counts.
    static func sampleLines() throws -> [String] {
        let root = repository.appendingPathComponent("sample-incidents")
        var lines: [String] = []
        for dir in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let file = root.appendingPathComponent(dir).appendingPathComponent("events.jsonl")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            lines += text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        }
        return lines
    }

    @Test func givesTheGeneralPathsEventOnEverySampleLine() throws {
        let lines = try Self.sampleLines()
        #expect(lines.count > 300)
        var fastCount = 0
        for line in lines {
            let (fast, general) = Self.both(line)
            guard case .event(let expected, _) = general else {
                Issue.record("a sample line is invalid: \(line)")
                continue
            }
            if let fast {
                fastCount += 1
                #expect(fast == expected, "\(line)")
            }
        }
        // Lines with escapes or nulls may take the general path; nearly all must not.
        #expect(fastCount * 10 >= lines.count * 9, "only \(fastCount) of \(lines.count) lines took the fast path")
    }

    @Test(arguments: [
        #"{"time":"2024-07-19T04:09:00.250+02:00","kind":"config","service":"*","scope":{"percent":12.5,"regions":["eu","us"],"ring":"canary","hosts":40},"#
            + #""labels":{"region":"eu","os":"windows"},"attributes":{"a":[1,{"b":null}],"z":"ü"}}"#,
        #"  { "time" : "2024-07-19T04:09:00Z" , "kind" : "crash" , "service" : "api" , "count" : 42 , "host" : "h-1" }  "#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"rollback","service":"api","reverts":"d-1","end":"2024-07-19T04:19:00Z","summary":"","status":"failed"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"incident","service":"api","incident":"INC-1","status":"declared","#
            + #""title":"Straße gesperrt","severity":"SEV1"}"#,
        #"{"id":"x","time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","environment":"staging","version":"1.2","#
            + #""actor":"ci","source":"github","url":"https://e.example/1"}"#,
    ])
    func agreesOnValidLines(_ line: String) throws {
        let (fast, general) = Self.both(line)
        guard case .event(let expected, _) = general else {
            Issue.record("\(general)")
            return
        }
        #expect(try #require(fast) == expected)
    }

    /// Lines the fast path must leave to the general path: it must never accept what the rules refuse,
    /// and escapes, nulls and duplicates are decoded (or refused) there.
    @Test(arguments: [
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","summary":"a \"quoted\" word"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","version":null}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","service":"web"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploi","service":"api"}"#,
        #"{"time":"2024-07-19T04:09:00","kind":"deploy","service":"api"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"crash","service":"api","count":0}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"crash","service":"api","count":1.5}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"crash","service":"api","count":-3}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"crash","service":"api","count":1234567890123456789012}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":""}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","servce":"x"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","reverts":"d-1"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","end":"2024-07-19T04:00:00Z"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"alert","service":"api","status":"declared"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"incident","service":"api","status":"declared"}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","scope":{"percent":101}}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","labels":{"region":1}}"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api"} trailing"#,
        #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","#,
        #"{"kind":"deploy","service":"api"}"#,
        #"{}"#,
        "[1,2]",
    ])
    func leavesEveryOtherLineToTheGeneralPath(_ line: String) {
        let (fast, general) = Self.both(line)
        #expect(fast == nil, "fast path accepted: \(line)")
        // The record's outcome is the general path's: the escape decodes, the rest are refused.
        let record = decodeLine(line)
        switch (record, general) {
        case (.event(let a, _), .event(let b, _)): #expect(a == b)
        case (.invalid(let a), .invalid(let b)): #expect(a == b)
        default: Issue.record("the decoder did not follow the general path on \(line)")
        }
    }

    @Test func aStringWithRawUTF8IsValidatedLikeTheGeneralPath() {
        var bytes = Array(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"a"#.utf8)
        bytes += [0xFF, 0xFE] + Array(#""}"#.utf8)
        let fast = bytes.withUnsafeBufferPointer { NativeFastDecoder.event($0) }
        #expect(fast == nil)
    }
}

/// `skipValue` accepts exactly what `parseValue` accepts, and stops at the same byte.
@Suite struct JSONSkipValueTests {
    @Test(arguments: [
        #"{"a":[1,2.5,-3e7,true,false,null,{"b":"c"}],"d":"é","e":"\u00e9\n","f":{}}"#, "[]", "{}", #""x""#, "0", "-0.5e-3",
        #"{"a":1,}"#, #"{"a" 1}"#, "[1 2]", #""unterminated"#, #""\ud800""#, #""\x""#, "01", "1.", "tru", #"{"a":[}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600), "\"tab\there\"", #"{"a":1} "#,
    ])
    func agreesWithParseValue(_ text: String) {
        var copy = text
        copy.withUTF8 { buf in
            var parsing = JSONParser(buf)
            var skipping = JSONParser(buf)
            let parsed = Result { () throws(JSONSyntaxError) in try parsing.parseValue() }
            let skipped = Result { () throws(JSONSyntaxError) in try skipping.skipValue() }
            switch (parsed, skipped) {
            case (.success, .success): #expect(parsing.i == skipping.i, "\(text)")
            case (.failure, .failure): break
            default: Issue.record("parse and skip disagree on \(text): \(parsed) vs \(skipped)")
            }
        }
    }
}
