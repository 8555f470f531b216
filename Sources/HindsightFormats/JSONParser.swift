/// A small, strict JSON parser over UTF-8 bytes (RFC 8259), fast enough for the ingest hot path.
package struct JSONParser: ~Copyable {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    static let maxDepth = 512

    package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.b = bytes }

    /// Parses a whole text as one JSON value.
    package static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONSyntaxError> = copy.withUTF8 { buf in
            var p = JSONParser(buf)
            do throws(JSONSyntaxError) {
                let v = try p.parseValue()
                try p.expectEnd()
                return .success(v)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a text that must be one JSON object, returning its members with their raw value ranges.
    package static func parseObjectMembers(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [RawMember] {
        var p = JSONParser(bytes)
        p.skipWhitespace()
        guard p.i < p.b.count, p.b[p.i] == UInt8(ascii: "{") else {
            throw p.error(p.i < p.b.count ? "expected an object '{' but found \(p.describeCurrent())" : "empty input")
        }
        p.i += 1
        var members: [RawMember] = []
        members.reserveCapacity(16)
        p.skipWhitespace()
        if p.peek == UInt8(ascii: "}") {
            p.i += 1
        } else {
            while true {
                p.skipWhitespace()
                guard p.peek == UInt8(ascii: "\"") else { throw p.error("expected a member name in double quotes but found \(p.describeCurrent())") }
                let key = try p.parseString()
                p.skipWhitespace()
                guard p.peek == UInt8(ascii: ":") else { throw p.error("expected ':' after \"\(key)\"") }
                p.i += 1
                p.skipWhitespace()
                let start = p.i
                let value = try p.parseValue()
                members.append(RawMember(key: key, value: value, raw: start..<p.i))
                p.skipWhitespace()
                if p.peek == UInt8(ascii: ",") {
                    p.i += 1
                    continue
                }
                if p.peek == UInt8(ascii: "}") {
                    p.i += 1
                    break
                }
                throw p.error("expected ',' or '}' but found \(p.describeCurrent())")
            }
        }
        try p.expectEnd()
        return members
    }

    var peek: UInt8? { i < b.count ? b[i] : nil }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(column: i + 1, message: message) }

    func describeCurrent() -> String {
        guard i < b.count else { return "the end of the text" }
        let c = b[i]
        if c >= 32 && c < 127 { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    mutating func skipWhitespace() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if i != b.count { throw error("unexpected \(describeCurrent()) after the end of the value") }
    }

    package mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let c = peek else { throw error("unexpected end of the text") }
        switch c {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
            i += 1
            var members: [JSONMember] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes but found \(describeCurrent())") }
                let key = try parseString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\"") }
                i += 1
                let value = try parseValue()
                members.append(JSONMember(key: key, value: value))
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if peek == UInt8(ascii: "}") {
                    i += 1
                    return .object(members)
                }
                throw error("expected ',' or '}' but found \(describeCurrent())")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
            i += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            while true {
                items.append(try parseValue())
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if peek == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                throw error("expected ',' or ']' but found \(describeCurrent())")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(describeCurrent())")
        }
    }

    /// Checks the value at the cursor as `parseValue` would and moves past it, building nothing:
    /// for values kept only as their text (`attributes`).
    package mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        guard let c = peek else { throw error("unexpected end of the text") }
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
            i += 1
            skipWhitespace()
            if peek == close {
                i += 1
                return
            }
            while true {
                skipWhitespace()
                if close == UInt8(ascii: "}") {
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes but found \(describeCurrent())") }
                    try skipString()
                    skipWhitespace()
                    guard peek == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
                    i += 1
                }
                try skipValue()
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if peek == close {
                    i += 1
                    return
                }
                throw error("expected ',' or '\(Character(Unicode.Scalar(close)))' but found \(describeCurrent())")
            }
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try parseValue()  // a literal or a number: nothing worth sparing
        }
    }

    /// Moves past a string; one with escapes or non-ASCII text is decoded to be checked.
    mutating func skipString() throws(JSONSyntaxError) {
        let start = i
        i += 1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return
            }
            if c == UInt8(ascii: "\\") || c >= 0x80 { break }
            if c < 0x20 { throw error("a control character must be escaped inside a string") }
            i += 1
        }
        i = start
        _ = try parseString()
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw error("unexpected end of the text") }
        let p = word.utf8Start
        for k in 0..<n where b[i + k] != p[k] { throw error("unexpected \(describeCurrent())") }
        i += n
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
        guard isDigit(peek) else { throw error("a number needs digits") }
        if peek == UInt8(ascii: "0") { i += 1 } else { while isDigit(peek) { i += 1 } }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard isDigit(peek) else { throw error("a number needs digits after '.'") }
            while isDigit(peek) { i += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard isDigit(peek) else { throw error("a number needs digits in its exponent") }
            while isDigit(peek) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes. ASCII-only text (the common case) needs no UTF-8 validation.
        var ascii = true
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let bytes = UnsafeBufferPointer(rebasing: b[start..<i])
                let s = ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
                guard let s else { throw error("a string is not valid UTF-8") }
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("a control character must be escaped inside a string") }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: bytes, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                return s
            }
            if c < 0x20 { throw error("a control character must be escaped inside a string") }
            if c != UInt8(ascii: "\\") {
                bytes.append(c)
                i += 1
                continue
            }
            i += 1
            guard let e = peek else { break }
            i += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard peek == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "u") else {
                        throw error("a \\u surrogate must come in a pair")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u surrogate must come in a pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("a lone \\u surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                i -= 1
                throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        throw error("a string is not closed")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= b.count else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
