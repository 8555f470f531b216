/// Splits an input into top-level JSON values without parsing them: the elements of one
/// top-level array, or a sequence of values (JSON Lines, or pretty-printed objects one after another).
///
/// The input is read in chunks, so a value may span lines or be one line of any length; each value
/// is held alone and at most `ByteInput.maxRecordSize` bytes. A value's top-level member named in
/// `streamedMembers` holding an array (an Alertmanager group's `alerts`) is not held whole: each of
/// its items is handed over on its own as soon as it is complete, and the value follows with that
/// member emptied (`[]`), so a payload of 100,000 alerts takes the memory of one alert.
package struct JSONValueSplitter {
    package enum Piece {
        case value([UInt8], SourceLocation)
        /// One item of a streamed member of the value that follows: its bytes, where it starts,
        /// the member and the item's index in it.
        case item([UInt8], SourceLocation, member: String, index: Int)
        case malformed(IngestIssue)
    }

    /// Calls `body` for each value; a structural error is reported once and ends the input.
    /// Throws `FormatError.recordTooLarge` for a value (or streamed item) over the input's limit.
    package static func split(
        _ input: ByteInput, format: String, streamedMembers: Set<String> = [], _ body: (Piece) throws -> Void
    ) throws {
        var s = State(input: input, format: format, streamedMembers: streamedMembers)
        var pieces: [Piece] = []
        var failed = false
        while !failed {
            let more = try input.nextChunk { chunk in
                for c in chunk {
                    if let failure = try s.feed(c, &pieces) {
                        pieces.append(failure)
                        failed = true
                        return
                    }
                }
            }
            for p in pieces { try body(p) }
            pieces.removeAll(keepingCapacity: true)
            if !more { break }
        }
        if failed { return }
        if s.depth > 0 {
            try body(
                .malformed(
                    IngestIssue(
                        location: s.location(s.valueLine), message: "the JSON value starting here is not closed (the input ends inside it)", format: format)))
        } else if s.arrayMode && !s.arrayClosed {
            try body(.malformed(IngestIssue(location: s.location(s.line), message: "the array is not closed with ']'", format: format)))
        }
    }

    /// The byte-by-byte state of the split: nesting, strings, the current top-level key, captures.
    struct State {
        let input: ByteInput
        let format: String
        let streamedMembers: Set<String>
        let arrayMode: Bool
        var line: Int
        var depth = 0
        var inString = false, escaped = false
        var inComment = false
        var arrayOpen = false, arrayClosed = false, expectComma = false
        var index = 0
        var valueLine = 0
        var current: [UInt8] = []
        // Top-level keys of the current value (depth 1), to find a streamed member.
        var expectKey = false, capturingKey = false, awaitingMemberValue = false
        var key: [UInt8] = []
        // The streamed member being read: its name, the item being captured, counts.
        var streamed: String?
        var item: [UInt8] = []
        var itemLine = 0
        var itemIndex = 0
        var itemOpen = false

        init(input: ByteInput, format: String, streamedMembers: Set<String>) {
            self.input = input
            self.format = format
            self.streamedMembers = streamedMembers
            arrayMode = input.peekFirstSignificantByte() == UInt8(ascii: "[")
            line = input.lineNumber + 1
        }

        func location(_ line: Int) -> SourceLocation {
            SourceLocation(file: input.displayName, line: line, index: arrayMode ? index : nil)
        }

        func malformed(_ message: String) -> Piece {
            .malformed(IngestIssue(location: SourceLocation(file: input.displayName, line: line), message: message, format: format))
        }

        func checkSize(_ bytes: [UInt8], from startLine: Int) throws(FormatError) {
            if bytes.count > input.maxRecordSize {
                throw FormatError.recordTooLarge(path: input.displayName, line: startLine, limit: input.maxRecordSize)
            }
        }

        /// Feeds one byte; completed pieces go to `out`; returns a structural error that ends the input.
        mutating func feed(_ c: UInt8, _ out: inout [Piece]) throws(FormatError) -> Piece? {
            defer { if c == 0x0A { line += 1 } }
            if depth > 0 {
                inValue(c, &out)
                if current.count > input.maxRecordSize { try checkSize(current, from: valueLine) }
                if item.count > input.maxRecordSize { try checkSize(item, from: itemLine) }
                return nil
            }
            if inComment {
                if c == 0x0A { inComment = false }
                return nil
            }
            // Between values.
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { return nil }
            if arrayMode && !arrayOpen && c == UInt8(ascii: "[") {
                arrayOpen = true
                return nil
            }
            if arrayMode && arrayClosed { return malformed("unexpected text after the closing ']' of the array") }
            if arrayMode && c == UInt8(ascii: "]") {
                arrayClosed = true
                return nil
            }
            if arrayMode && c == UInt8(ascii: ",") {
                guard expectComma else { return malformed("a ',' without a value before it") }
                expectComma = false
                return nil
            }
            if c == UInt8(ascii: "#") && !arrayMode {
                inComment = true
                return nil
            }  // a native comment line
            guard c == UInt8(ascii: "{") || c == UInt8(ascii: "[") else {
                let shown = c >= 32 && c < 127 ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
                return malformed("expected a JSON object but found \(shown)")
            }
            if arrayMode && expectComma { return malformed("a ',' is missing between two items of the array") }
            depth = 1
            inString = false
            escaped = false
            valueLine = line
            current.append(c)
            expectKey = c == UInt8(ascii: "{")
            awaitingMemberValue = false
            itemIndex = 0
            return nil
        }

        mutating func inValue(_ c: UInt8, _ out: inout [Piece]) {
            if inString {
                if itemOpen { item.append(c) } else { current.append(c) }
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    if capturingKey { capturingKey = false }
                } else if capturingKey {
                    key.append(c)
                }
                return
            }
            if let member = streamed, depth >= 2 {
                streamedByte(c, member: member, &out)
                return
            }
            current.append(c)
            switch c {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 && expectKey {
                    capturingKey = true
                    expectKey = false
                    key.removeAll(keepingCapacity: true)
                }
            case UInt8(ascii: ":") where depth == 1:
                awaitingMemberValue = true
                return
            case UInt8(ascii: ",") where depth == 1:
                expectKey = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1 && awaitingMemberValue && c == UInt8(ascii: "["),
                    let name = String(validating: key, as: UTF8.self), streamedMembers.contains(name)
                {
                    streamed = name
                    itemIndex = 0
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    out.append(.value(current, location(valueLine)))
                    current.removeAll(keepingCapacity: true)
                    index += 1
                    expectComma = arrayMode
                }
            default: break
            }
            if c != 0x20 && c != 0x09 && c != 0x0D && c != 0x0A { awaitingMemberValue = false }
        }

        /// A byte inside a streamed array (depth ≥ 2): items are captured apart, commas between them dropped.
        mutating func streamedByte(_ c: UInt8, member: String, _ out: inout [Piece]) {
            if !itemOpen {
                switch c {
                case UInt8(ascii: "]"):  // the streamed array ends: the value keeps it empty
                    current.append(c)
                    depth -= 1
                    streamed = nil
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    itemOpen = true
                    itemLine = line
                    item.append(c)
                    depth += 1
                default: break  // white space and the commas between items (a scalar item is dropped)
                }
                return
            }
            item.append(c)
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 2 {
                    out.append(
                        .item(
                            item, SourceLocation(file: input.displayName, line: itemLine, index: arrayMode ? index : nil),
                            member: member, index: itemIndex))
                    item.removeAll(keepingCapacity: true)
                    itemIndex += 1
                    itemOpen = false
                }
            default: break
            }
        }
    }
}
