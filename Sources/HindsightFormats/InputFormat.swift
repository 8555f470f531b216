/// The formats `hindsight ingest --format` accepts.
public enum InputFormat: String, Sendable, CaseIterable {
    case auto, native, csv
    case cdevents, cloudevents, alertmanager, github, pagerduty, sentry

    /// Picks a concrete format from the file's extension, then the shape of its first JSON value
    /// (an ecosystem payload, alone, in an array or in JSON Lines); native is the fallback for JSON.
    static func detect(_ input: ByteInput) -> InputFormat? {
        let lower = input.path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        let jsonLines = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson")
        switch input.peekFirstSignificantByte() {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "#"): return FormatSniffer.sniff(input) ?? .native
        case nil: return .native  // empty input: nothing to read in any format
        default: return jsonLines ? .native : nil
        }
    }
}
