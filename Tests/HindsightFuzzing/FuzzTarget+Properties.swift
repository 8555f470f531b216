import Hindsight
import HindsightFormats

/// Properties every reader keeps, whatever it reads.
extension FuzzTarget {
    /// The input as the readers see it: in memory, named like a file of the format.
    static func input(_ bytes: [UInt8], name: String, maxRecordSize: Int = ByteInput.defaultMaxRecordSize) -> ByteInput? {
        try? ByteInput(bytes: bytes, name: name, maxRecordSize: maxRecordSize)
    }

    /// Lines a location may name: 1 up to the line after the last line break.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Where a record says it came from.
    static func location(_ record: DecodedRecord) -> SourceLocation {
        switch record {
        case .event(_, let location), .skipped(let location, _): location
        case .invalid(let issue), .warning(let issue): issue.location
        }
    }

    /// Every record names a line of the input, and (`ordered`) records come in the order of their lines.
    static func locationsHold(_ records: [DecodedRecord], in bytes: [UInt8], ordered: Bool, _ broken: inout [String]) {
        let lines = lineCount(bytes)
        var last = 0
        for record in records {
            let line = location(record).line
            if line < 1 || line > lines { broken.append("a record names line \(line) of an input of \(lines) lines: \(record)") }
            if ordered && line < last { broken.append("a record of line \(line) comes after one of line \(last)") }
            last = max(last, line)
        }
    }

    /// An event any reader yields is one `hindsight export` writes and `ingest` reads back unchanged.
    static func eventsRoundTrip(_ records: [DecodedRecord], _ broken: inout [String]) {
        for case .event(let event, _) in records {
            var line = event.nativeJSON
            let again = line.withUTF8 { NativeJSONDecoder.record(from: $0, at: SourceLocation(file: "export.jsonl", line: 1)) }
            guard case .event(let back, _) = again else {
                broken.append("the exported event \(line) does not read back: \(again)")
                continue
            }
            if back != event { broken.append("the exported event \(line) reads back as another: \(back.nativeJSON)") }
        }
    }
}
