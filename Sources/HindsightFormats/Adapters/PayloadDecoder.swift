import Hindsight

/// Reads every JSON value of an input (one payload, pretty-printed or not, a JSON array of payloads,
/// or JSON Lines) and hands each to its format's adapter, streaming: one payload in memory at a time,
/// and one alert at a time of an Alertmanager group however many it holds.
package enum PayloadDecoder {
    /// Reads `input` in `format`, or (`nil`) recognising each value's format by its shape.
    /// Returns the formats read, in the order first met.
    package static func decode(
        _ input: ByteInput, format: InputFormat?, options: AdapterOptions, _ sink: (DecodedRecord) throws -> Void
    ) throws -> [InputFormat] {
        var seen: [InputFormat] = []
        func saw(_ f: InputFormat) { if !seen.contains(f) { seen.append(f) } }
        var adapters: [InputFormat: any PayloadAdapter] = [:]
        func adapter(_ f: InputFormat) -> (any PayloadAdapter)? {
            if let a = adapters[f] { return a }
            let a = FormatRegistry.entry(f)?.adapter(options)
            adapters[f] = a
            return a
        }
        let alerts = AlertmanagerAdapter(options: options)
        let label = format?.rawValue ?? ""
        var streamedItems = 0
        try JSONValueSplitter.split(input, format: label, streamedMembers: format == nil || format == .alertmanager ? ["alerts"] : []) { piece in
            switch piece {
            case .malformed(let issue):
                try sink(.invalid(issue))
            case .item(let bytes, let location, _, let index):
                streamedItems += 1
                saw(.alertmanager)
                switch parse(bytes, at: location, format: InputFormat.alertmanager.rawValue) {
                case .success(let value):
                    let p = Payload(value, path: "alerts[\(index)]", location: location, format: InputFormat.alertmanager.rawValue)
                    for r in alerts.alert(p) { try sink(r) }
                case .failure(let issue): try sink(.invalid(issue))
                }
            case .value(let bytes, let location):
                defer { streamedItems = 0 }
                let value: JSONValue
                switch parse(bytes, at: location, format: label) {
                case .success(let v): value = v
                case .failure(let issue):
                    try sink(.invalid(issue))
                    return
                }
                // A group whose alerts were streamed is Alertmanager's whatever else it carries.
                let f = format ?? FormatRegistry.classify(value) ?? (streamedItems > 0 ? .alertmanager : nil)
                if let f, let a = adapter(f) {
                    saw(f)
                    for r in a.records(from: value, at: location) { try sink(r) }
                } else if looksNative(value) {
                    saw(.native)
                    try bytes.withUnsafeBufferPointer { try sink(NativeJSONDecoder.record(from: $0, at: location)) }
                } else {
                    try sink(.invalid(unrecognised(value, at: location)))
                }
            }
        }
        return seen
    }

    /// The one error of a payload no format recognises: what it looks like and what Hindsight reads.
    static func unrecognised(_ value: JSONValue, at location: SourceLocation) -> IngestIssue {
        let (looksLike, closest) = PayloadDescriber.describe(value)
        var message = "this payload looks like \(looksLike), which no format Hindsight reads recognises; it reads \(PayloadDescriber.supported)"
        if let closest { message += "; if it is \(closest.rawValue), the \(closest.rawValue) reader will say which field is missing" }
        return IngestIssue(location: location, message: message, format: "", unrecognised: .init(closest: closest))
    }

    /// A native event has a `kind`, or a `time` and a `service` (its own errors then say what is wrong).
    static func looksNative(_ value: JSONValue) -> Bool {
        guard case .object = value else { return false }
        return value["kind"] != nil || (value["time"] != nil && value["service"] != nil)
    }

    /// For a JSON Lines line that is not a valid native event: its records in another format, the
    /// unrecognised-payload error, or `nil` when it looks native (the native error stands).
    static func recordsOfOtherFormat(_ bytes: UnsafeBufferPointer<UInt8>, at location: SourceLocation, options: AdapterOptions) -> [DecodedRecord]? {
        var parser = JSONParser(bytes)
        guard let value = try? parser.parseValue() else { return nil }
        if let f = FormatRegistry.classify(value), let a = FormatRegistry.entry(f)?.adapter(options) {
            return a.records(from: value, at: location)
        }
        if looksNative(value) { return nil }
        return [.invalid(unrecognised(value, at: location))]
    }

    /// A line's JSON value, `nil` when it is not valid JSON.
    static func parseQuietly(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return try? parser.parseValue()
        }
    }

    /// Parses one value's bytes; a syntax error is placed on the line and column where it is.
    static func parse(_ bytes: [UInt8], at location: SourceLocation, format: String) -> Result<JSONValue, IngestIssue> {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONSyntaxError) {
                return .success(try parser.parseValue())
            } catch {
                // The value's bytes span lines: find the line and column of the error.
                let offset = min(max(error.column - 1, 0), buffer.count)
                var line = location.line
                var lineStart = 0
                for i in 0..<offset where buffer[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                let at = SourceLocation(file: location.file, line: line, index: location.index)
                return .failure(
                    IngestIssue(
                        location: at,
                        message: "not valid JSON at column \(offset - lineStart + 1): \(error.message); fix the payload or export it again",
                        format: format))
            }
        }
    }
}
