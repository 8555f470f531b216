extension HindsightConfig {
    /// TOMLKit 0.6.0's parser (toml++) stops the process, instead of failing, on a table header whose
    /// name starts with a character no key can start with (`[é]`, `[=]`, `[[.a]]`, `[` at the end of a
    /// line), and on an array whose next value starts with `}` or `,` (`["a", }"b"]`): such text is refused
    /// here first, with its line and column. The scan follows strings, comments and the brackets of values,
    /// so a `[` inside a value or a string is no header.
    static func checkTableHeaders(_ text: String, path: String) throws(ConfigError) {
        let b = Array(text.utf8)
        var i = 0
        var line = 1
        var lineStart = 0
        // The brackets of values open here, innermost last, and whether an array's next value comes next.
        var open: [UInt8] = []
        var arrayValueNext = false
        var atLineStart = true
        func skipString(quote: UInt8) {
            let triple = i + 2 < b.count && b[i + 1] == quote && b[i + 2] == quote
            i += triple ? 3 : 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\n") {
                    // A single-line string ends at its line whatever it holds; the parser names the mistake.
                    guard triple else { return }
                    line += 1
                    lineStart = i + 1
                } else if c == quote && (!triple || (i + 2 < b.count && b[i + 1] == quote && b[i + 2] == quote)) {
                    i += triple ? 3 : 1
                    return
                }
                i += 1
            }
        }
        while i < b.count {
            let c = b[i]
            if arrayValueNext && (c == UInt8(ascii: "}") || c == UInt8(ascii: ",")) {
                let column = String(decoding: b[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                throw .syntax(path: path, line: line, column: column, message: "an array's value is missing before '\(UnicodeScalar(c))'")
            }
            if ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "#")].contains(c) { arrayValueNext = false }
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = i + 1
                atLineStart = true
                i += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "#"):
                while i < b.count && b[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString(quote: b[i])
                atLineStart = false
            case UInt8(ascii: "[") where atLineStart && open.isEmpty:
                var j = i + 1
                if j < b.count && b[j] == UInt8(ascii: "[") { j += 1 }
                while j < b.count && (b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "\t")) { j += 1 }
                if j < b.count && !startsTableName(b[j]) {
                    let column = String(decoding: b[lineStart..<j], as: UTF8.self).unicodeScalars.count + 1
                    let rest = String(decoding: b[j..<min(b.count, j + 4)], as: UTF8.self)
                    let seen = rest.unicodeScalars.first.map { $0 == "\n" || $0 == "\r" ? "the end of the line" : "'\($0)'" } ?? "?"
                    throw .syntax(
                        path: path, line: line, column: column,
                        message: "a table's name starts with a letter, a digit, '_', '-' or a quote, not \(seen)")
                }
                // A header is one line; what follows its name (a comment included) is the parser's to check.
                while i < b.count && b[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(c)
                arrayValueNext = c == UInt8(ascii: "[")
                atLineStart = false
                i += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                _ = open.popLast()
                atLineStart = false
                i += 1
            case UInt8(ascii: ","):
                arrayValueNext = open.last == UInt8(ascii: "[")
                atLineStart = false
                i += 1
            default:
                atLineStart = false
                i += 1
            }
        }
    }

    private static func startsTableName(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"): true
        default: false
        }
    }
}
