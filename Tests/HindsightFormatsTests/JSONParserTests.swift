import Testing

@testable import HindsightFormats

private func syntaxError(_ text: String) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(text)
        return nil
    } catch {
        return error
    }
}

private func members(_ text: String) throws -> [(key: String, raw: String, value: JSONValue)] {
    var copy = text
    return try copy.withUTF8 { buf in
        try JSONParser.parseObjectMembers(buf).map { m in
            (m.key, String(decoding: UnsafeBufferPointer(rebasing: buf[m.raw]), as: UTF8.self), m.value)
        }
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#" { "a" : [1, -2.5e3, 0, true, false, null, "x"], "b": {}, "c": [] } "#)
        #expect(
            v
                == .object([
                    JSONMember(key: "a", value: .array([.number("1"), .number("-2.5e3"), .number("0"), .bool(true), .bool(false), .null, .string("x")])),
                    JSONMember(key: "b", value: .object([])),
                    JSONMember(key: "c", value: .array([])),
                ]))
        #expect(v["a"]?.arrayValue?.count == 7)
        #expect(v["missing"] == nil)
    }

    @Test func keepsNumbersAsWritten() throws {
        #expect(try JSONParser.parse("10.50") == .number("10.50"))
        #expect(try JSONParser.parse("1E+2").doubleValue == 100)
        #expect(try JSONParser.parse("3.0").intValue == 3)
        #expect(try JSONParser.parse("3.5").intValue == nil)
    }

    @Test func writesCompactJSONKeepingMemberOrder() throws {
        let v = try JSONParser.parse(#"{"z": 1, "a": ["s\"q", null]}"#)
        #expect(v.json == #"{"z":1,"a":["s\"q",null]}"#)
    }

    @Test func decodesEscapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try JSONParser.parse(#""caf\u00e9 \u20AC""#) == .string("café €"))
        #expect(try JSONParser.parse(#""plain ünïcødé""#) == .string("plain ünïcødé"))
    }

    @Test func joinsSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""x\uD83D\uDE00y""#) == .string("x😀y"))
    }

    @Test func rejectsBrokenSurrogates() {
        #expect(syntaxError(#""\ud83d""#)?.message == "a \\u surrogate must come in a pair")
        #expect(syntaxError(#""\ud83dx""#)?.message == "a \\u surrogate must come in a pair")
        #expect(syntaxError(#""\ud83d\u0041""#)?.message == "a \\u surrogate must come in a pair")
        #expect(syntaxError(#""\ude00""#)?.message == "a lone \\u surrogate")
    }

    @Test func rejectsInvalidTextWithColumn() {
        #expect(syntaxError(#"{"a":}"#) == JSONSyntaxError(column: 6, message: "unexpected '}'"))
        #expect(syntaxError("[1,]") == JSONSyntaxError(column: 4, message: "unexpected ']'"))
        #expect(syntaxError("[1 2]") == JSONSyntaxError(column: 4, message: "expected ',' or ']' but found '2'"))
        #expect(syntaxError(#"{"a" 1}"#) == JSONSyntaxError(column: 6, message: "expected ':' after \"a\""))
        #expect(syntaxError("{a:1}") == JSONSyntaxError(column: 2, message: "expected a member name in double quotes but found 'a'"))
        #expect(syntaxError("01") == JSONSyntaxError(column: 2, message: "unexpected '1' after the end of the value"))
        #expect(syntaxError("") == JSONSyntaxError(column: 1, message: "unexpected end of the text"))
        #expect(syntaxError("tru") == JSONSyntaxError(column: 1, message: "unexpected end of the text"))
        #expect(syntaxError("nul!") == JSONSyntaxError(column: 1, message: "unexpected 'n'"))
        #expect(syntaxError("1.") == JSONSyntaxError(column: 3, message: "a number needs digits after '.'"))
        #expect(syntaxError("-") == JSONSyntaxError(column: 2, message: "a number needs digits"))
        #expect(syntaxError("1e") == JSONSyntaxError(column: 3, message: "a number needs digits in its exponent"))
        #expect(syntaxError(#""abc"#)?.message == "a string is not closed")
        #expect(syntaxError("\"a\nb\"")?.message == "a control character must be escaped inside a string")
        #expect(syntaxError(#""\x""#) == JSONSyntaxError(column: 3, message: "unknown escape '\\x'"))
        #expect(syntaxError(#""\u12G4""#)?.message == "a \\u escape needs four hex digits")
        #expect(syntaxError(#"{"a":1"#)?.message == "expected ',' or '}' but found the end of the text")
        #expect(JSONSyntaxError(column: 6, message: "unexpected '}'").description == "not valid JSON at column 6: unexpected '}'")
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xFF, 0x22]
        let failure = bytes.withUnsafeBufferPointer { buf -> JSONSyntaxError? in
            var p = JSONParser(buf)
            do throws(JSONSyntaxError) {
                _ = try p.parseValue()
                return nil
            } catch { return error }
        }
        #expect(failure?.message == "a string is not valid UTF-8")
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(syntaxError(deep)?.message == "nesting deeper than 512 levels")
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(syntaxError(fine) == nil)
    }

    @Test func givesTheRawTextOfEachMember() throws {
        let m = try members(#"  { "scope" : { "percent" : 10.50 } , "labels":{"b":"1","a":"2"},"n" :null }  "#)
        #expect(m.map(\.key) == ["scope", "labels", "n"])
        #expect(m.map(\.raw) == [#"{ "percent" : 10.50 }"#, #"{"b":"1","a":"2"}"#, "null"])
        #expect(m[0].value == .object([JSONMember(key: "percent", value: .number("10.50"))]))
        #expect(try members("{}").isEmpty)
    }

    @Test func membersNeedOneObject() {
        func failure(_ text: String) -> String? {
            do {
                _ = try members(text)
                return nil
            } catch { return (error as? JSONSyntaxError)?.message }
        }
        #expect(failure("[1]") == "expected an object '{' but found '['")
        #expect(failure("   ") == "empty input")
        #expect(failure(#"{"a":1} {"b":2}"#) == "unexpected '{' after the end of the value")
        #expect(failure(#"{"a":1,}"#) == "expected a member name in double quotes but found '}'")
    }
}
