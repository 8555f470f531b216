/// Splits an input into top-level JSON values without parsing them: the elements of one
/// top-level array, or a sequence of values (JSON Lines, or pretty-printed objects one after another).
public struct JSONValueSplitter {
    public enum Piece {
        case value([UInt8], SourceLocation)
        case malformed(IngestIssue)
    }

    /// Calls `body` for each value; a structural error is reported once and ends the input.
    public static func split(_ input: ByteInput, format: String, _ body: (Piece) throws -> Void) rethrows {
        let arrayMode = input.peekFirstSignificantByte() == UInt8(ascii: "[")
        var nesting = JSONNesting()
        var current: [UInt8] = []
        var startLine = 0
        var index = 0
        var arrayOpen = false
        var arrayClosed = false
        var expectComma = false

        func location(_ line: Int) -> SourceLocation {
            SourceLocation(file: input.displayName, line: line, index: arrayMode ? index : nil)
        }
        func malformed(_ message: String) -> Piece {
            .malformed(IngestIssue(location: SourceLocation(file: input.displayName, line: input.lineNumber), message: message, format: format))
        }

        while true {
            var failure: Piece?
            var done: [(bytes: [UInt8], line: Int, index: Int)] = []
            let more: Void? = input.nextLine { line in
                for c in line {
                    if nesting.isOpen {
                        current.append(c)
                        if nesting.feed(c) {
                            done.append((current, startLine, index))
                            current.removeAll(keepingCapacity: true)
                            index += 1
                            expectComma = arrayMode
                        }
                        continue
                    }
                    // Between values.
                    if c == 0x20 || c == 0x09 || c == 0x0D { continue }
                    if arrayMode && !arrayOpen {
                        if c == UInt8(ascii: "[") { arrayOpen = true; continue }
                    }
                    if arrayMode && arrayClosed {
                        failure = malformed("unexpected text after the closing ']' of the array")
                        return
                    }
                    if arrayMode && c == UInt8(ascii: "]") { arrayClosed = true; continue }
                    if arrayMode && c == UInt8(ascii: ",") {
                        guard expectComma else { failure = malformed("a ',' without a value before it"); return }
                        expectComma = false
                        continue
                    }
                    if c == UInt8(ascii: "#") && !arrayMode && current.isEmpty { return }  // comment line
                    guard c == UInt8(ascii: "{") || c == UInt8(ascii: "[") else {
                        let shown = c >= 32 && c < 127 ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
                        failure = malformed("expected a JSON object but found \(shown)")
                        return
                    }
                    if arrayMode && expectComma { failure = malformed("a ',' is missing between two items of the array"); return }
                    nesting.open()
                    startLine = input.lineNumber
                    current.append(c)
                }
                if nesting.isOpen { current.append(0x0A) }
            }
            for d in done {
                try body(.value(d.bytes, SourceLocation(file: input.displayName, line: d.line, index: arrayMode ? d.index : nil)))
            }
            if let failure { try body(failure); return }
            if more == nil { break }
        }
        if nesting.isOpen {
            try body(.malformed(IngestIssue(location: location(startLine), message: "the JSON value starting here is not closed (the input ends inside it)", format: format)))
        } else if arrayMode && !arrayClosed {
            try body(malformed("the array is not closed with ']'"))
        }
    }
}
