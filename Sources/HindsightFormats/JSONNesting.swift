/// Follows the nesting of a JSON value byte by byte (strings and escapes included) without
/// parsing it, to tell where a top-level value ends.
struct JSONNesting {
    private(set) var depth = 0
    private var inString = false
    private var escaped = false

    /// Whether a value is open.
    var isOpen: Bool { depth > 0 }

    /// Opens a value at its first byte (`{` or `[`).
    mutating func open() {
        depth = 1
        inString = false
        escaped = false
    }

    /// Feeds one byte inside an open value; true when that byte closes the top-level value.
    mutating func feed(_ c: UInt8) -> Bool {
        if inString {
            if escaped { escaped = false }
            else if c == UInt8(ascii: "\\") { escaped = true }
            else if c == UInt8(ascii: "\"") { inString = false }
            return false
        }
        switch c {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            return depth == 0
        default: break
        }
        return false
    }
}
