import Foundation
import Hindsight
import HindsightFormats
import HindsightStore

/// Ingests `text` from a temporary file with the given suffix, then removes the file.
func ingest(_ text: String, into store: EventStore, suffix: String = ".jsonl", options: IngestOptions = IngestOptions()) throws -> IngestReport {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-store-\(UUID().uuidString)\(suffix)")
    try text.write(to: url, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    return try store.ingest(try ByteInput(path: url.path), format: .auto, options: options)
}

/// One native JSON line; `at` is minutes after 2024-07-19T04:00:00Z.
func eventLine(id: String? = nil, at minutes: Int, kind: String, service: String, _ extra: String = "") -> String {
    let time = (t0 + .minutes(Int64(minutes))).rfc3339
    var s = "{"
    if let id { s += #""id":"\#(id)","# }
    s += #""time":"\#(time)","kind":"\#(kind)","service":"\#(service)""#
    if !extra.isEmpty { s += "," + extra }
    return s + "}"
}

/// 2024-07-19T04:00:00Z.
let t0 = Timestamp(milliseconds: 1_721_361_600_000)
