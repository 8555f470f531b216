import Hindsight

/// Reads one input in a given format and hands each record to a sink, streaming.
package enum EventReader {
    /// Reads `input`; throws `FormatError` when the input cannot be read at all.
    /// Returns the formats that were read, in the order first met (several for a mixed file).
    @discardableResult
    package static func read(
        _ input: ByteInput, format: InputFormat, options: AdapterOptions = AdapterOptions(),
        _ sink: (DecodedRecord) throws -> Void
    ) throws -> [InputFormat] {
        switch format {
        case .native:
            try NativeJSONDecoder.decode(input, sink)
            return [.native]
        case .csv:
            try CSVDecoder.decode(input, sink)
            return [.csv]
        case .auto:
            return try readDetecting(input, options: options, sink)
        default:
            return try PayloadDecoder.decode(input, format: format, options: options, sink)
        }
    }

    /// `--format auto`: a `.csv` file is CSV; JSON whose first line is a native event is read on the
    /// native fast path (a later line in another format is still recognised); any other JSON is read
    /// value by value, each recognised by its shape (pretty-printed payloads, arrays, mixed JSON Lines).
    static func readDetecting(_ input: ByteInput, options: AdapterOptions, _ sink: (DecodedRecord) throws -> Void) throws -> [InputFormat] {
        let lower = input.path.lowercased()
        if lower.hasSuffix(".csv") {
            try CSVDecoder.decode(input, sink)
            return [.csv]
        }
        switch input.peekFirstSignificantByte() {
        case nil:
            return [.native]  // empty input: nothing to read in any format
        case UInt8(ascii: "{"), UInt8(ascii: "#"):
            // A comment line is native JSON Lines; so is a first line holding one native event.
            var native = input.peekFirstSignificantByte() == UInt8(ascii: "#")
            if !native, let line = input.peekLine(limit: 1 << 20), let value = PayloadDecoder.parseQuietly(line) {
                native =
                    PayloadDecoder.mapping(for: value, options: options) == nil && FormatRegistry.classify(value) == nil && PayloadDecoder.looksNative(value)
            }
            if native {
                try NativeJSONDecoder.decode(
                    input,
                    fallback: { bytes, location in
                        PayloadDecoder.recordsOfOtherFormat(bytes, at: location, options: options)
                    }, sink)
                return [.native]
            }
            return try PayloadDecoder.decode(input, format: nil, options: options, sink)
        case UInt8(ascii: "["):
            return try PayloadDecoder.decode(input, format: nil, options: options, sink)
        default:
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
                try NativeJSONDecoder.decode(input, sink)  // each line's own error says what is wrong
                return [.native]
            }
            let line = input.peekLine(limit: 4096) ?? []
            throw FormatError.unknownFormat(path: input.displayName, looksLike: PayloadDescriber.describe(firstLine: line))
        }
    }
}
