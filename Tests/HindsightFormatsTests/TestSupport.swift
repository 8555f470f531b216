import Foundation
import Hindsight

@testable import HindsightFormats

/// Decodes one native JSON object as if it were line 1 of `t.jsonl`.
func decodeLine(_ json: String, line: Int = 1) -> DecodedRecord {
    var copy = json
    return copy.withUTF8 { NativeJSONDecoder.record(from: $0, at: SourceLocation(file: "t.jsonl", line: line)) }
}

/// The event a valid line decodes to; fails the calling test otherwise.
func decodedEvent(_ json: String) throws -> Event {
    switch decodeLine(json) {
    case .event(let e, _): return e
    case .invalid(let issue): throw issue
    case .skipped(_, let reason): throw IngestIssue(location: SourceLocation(file: "t.jsonl", line: 1), message: "skipped: \(reason)")
    case .warning(let issue): throw issue
    }
}

/// The issue an invalid line decodes to, or nil when it is valid.
func decodeIssue(_ json: String) -> IngestIssue? {
    if case .invalid(let issue) = decodeLine(json) { return issue }
    return nil
}

/// A file under the temporary directory holding `text`; removed by the caller's `defer`.
func temporaryFile(_ text: String, suffix: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-formats-\(UUID().uuidString)\(suffix)")
    try text.write(to: url, atomically: false, encoding: .utf8)
    return url.path
}

/// Every record `EventReader` yields for a file with this text.
func readAll(_ text: String, suffix: String, format: InputFormat = .auto) throws -> [DecodedRecord] {
    let path = try temporaryFile(text, suffix: suffix)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var records: [DecodedRecord] = []
    try EventReader.read(try ByteInput(path: path), format: format) { records.append($0) }
    return records
}

extension DecodedRecord {
    var event: Event? { if case .event(let e, _) = self { e } else { nil } }
    var issue: IngestIssue? { if case .invalid(let i) = self { i } else { nil } }
    var location: SourceLocation? {
        switch self {
        case .event(_, let l): l
        case .invalid(let i): i.location
        case .skipped(let l, _): l
        case .warning(let i): i.location
        }
    }
}

/// A minimal valid line with `extra` members appended (each `"key":value`).
func line(kind: String = "deploy", _ extra: String = "") -> String {
    #"{"time":"2024-07-19T04:09:00Z","kind":"\#(kind)","service":"api""# + (extra.isEmpty ? "" : "," + extra) + "}"
}
