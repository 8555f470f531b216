/// The formats `hindsight ingest --format` accepts.
public enum InputFormat: String, Sendable, CaseIterable {
    case auto, native, csv

    /// Picks a concrete format from the file's extension, then its first byte.
    static func detect(_ input: ByteInput) -> InputFormat? {
        let lower = input.path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .native }
        switch input.peekFirstSignificantByte() {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "#"): return .native
        case nil: return .native  // empty input: nothing to read in any format
        default: return nil
        }
    }
}
