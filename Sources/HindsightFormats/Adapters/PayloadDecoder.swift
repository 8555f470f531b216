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
                // A user's mapping comes first: it is how a team says how it wants a payload read.
                if format == nil || format == .mapped, streamedItems == 0, let mapping = Self.mapping(for: value, options: options) {
                    saw(.mapped)
                    for r in MappingAdapter(mapping: mapping, options: options).records(from: value, at: location) { try sink(r) }
                    return
                }
                if format == .mapped {
                    try sink(.invalid(unmapped(value, at: location, mappings: options.mappings)))
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

    /// The one error of a payload no format recognises: what it looks like, whether Hindsight reads
    /// anything of its producer, and how to bring it in anyway.
    static func unrecognised(_ value: JSONValue, at location: SourceLocation) -> IngestIssue {
        let d = PayloadDescriber.describe(value)
        var message = "this payload looks like \(d.looksLike), "
        if let producer = d.producer {
            message += "which Hindsight does not read yet"
            message += d.reads.map { " (of \(producer) it reads \($0))" } ?? ""
            message += "; \(PayloadDescriber.remedy)"
        } else if let closest = d.closest {
            message += "which no format recognises as it is (it nearly is \(closest.rawValue))"
        } else {
            message += "which no format Hindsight reads recognises (it reads \(PayloadDescriber.supported)); \(PayloadDescriber.remedy)"
        }
        return IngestIssue(location: location, message: message, format: "", unrecognised: .init(closest: d.closest, producer: d.producer))
    }

    /// The first of the user's mappings that takes `value`, if any.
    static func mapping(for value: JSONValue, options: AdapterOptions) -> Mapping? {
        options.mappings.first { $0.matches(value) }
    }

    /// The error of a payload read with `--format mapped` that no mapping takes.
    static func unmapped(_ value: JSONValue, at location: SourceLocation, mappings: [Mapping]) -> IngestIssue {
        guard !mappings.isEmpty else {
            return IngestIssue(location: location, message: "no [[mapping]] table is configured; add one to hindsight.toml (docs/formats.md)", format: "mapped")
        }
        let tried = mappings.map { "'\($0.name)' (\($0.place))" }.joined(separator: ", ")
        return IngestIssue(
            location: location, message: "no [[mapping]] takes this payload (tried \(tried)); check their match conditions", format: "mapped")
    }

    /// A native event has a `kind`, or a `time` and a `service` (its own errors then say what is wrong).
    static func looksNative(_ value: JSONValue) -> Bool {
        guard case .object = value else { return false }
        guard value["kind"] != nil || (value["time"] != nil && value["service"] != nil) else { return false }
        // A Kubernetes object has a kind too: a producer's shape is named, not read as a broken native event.
        return PayloadDescriber.describe(value).producer == nil
    }

    /// For a JSON Lines line that is not a valid native event: its records in another format, the
    /// unrecognised-payload error, or `nil` when it looks native (the native error stands).
    static func recordsOfOtherFormat(_ bytes: UnsafeBufferPointer<UInt8>, at location: SourceLocation, options: AdapterOptions) -> [DecodedRecord]? {
        var parser = JSONParser(bytes)
        guard let value = try? parser.parseValue() else { return nil }
        if let mapping = Self.mapping(for: value, options: options) {
            return MappingAdapter(mapping: mapping, options: options).records(from: value, at: location)
        }
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
