import Hindsight

/// Reads every JSON value of an input (one payload, a JSON array of payloads, or JSON Lines)
/// and hands each to an adapter, streaming: one payload in memory at a time.
public enum PayloadDecoder {
    public static func decode(_ input: ByteInput, with adapter: some PayloadAdapter, _ sink: (DecodedRecord) throws -> Void) throws {
        let format = adapter.format.rawValue
        try JSONValueSplitter.split(input, format: format) { piece in
            switch piece {
            case .malformed(let issue):
                try sink(.invalid(issue))
            case .value(let bytes, let location):
                switch parse(bytes, at: location, format: format) {
                case .success(let value):
                    for record in adapter.records(from: value, at: location) { try sink(record) }
                case .failure(let issue):
                    try sink(.invalid(issue))
                }
            }
        }
    }

    /// Parses one value's bytes; a syntax error is placed on the line and column where it is.
    static func parse(_ bytes: [UInt8], at location: SourceLocation, format: String) -> Result<JSONValue, IngestIssue> {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONSyntaxError) {
                return .success(try parser.parseValue())
            } catch {
                // The value's bytes span lines (joined by \n): find the line and column of the error.
                let offset = min(max(error.column - 1, 0), buffer.count)
                var line = location.line
                var lineStart = 0
                for i in 0..<offset where buffer[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                let at = SourceLocation(file: location.file, line: line, index: location.index)
                return .failure(IngestIssue(
                    location: at,
                    message: "not valid JSON at column \(offset - lineStart + 1): \(error.message); fix the payload or export it again",
                    format: format))
            }
        }
    }
}
