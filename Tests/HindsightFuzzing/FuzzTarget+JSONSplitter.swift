import Hindsight
import HindsightFormats

extension FuzzTarget {
    /// The member the splitter streams item by item, as the payload reader asks it to.
    static let streamedMember = "alerts"

    static func checkJSONSplitter(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        // A limit that inputs of a few kilobytes reach, so the refusal of a long value runs too.
        guard let input = input(bytes, name: "fuzz.json", maxRecordSize: 1 << 12) else { return ["an in-memory input cannot be opened"] }
        var pieces: [JSONValueSplitter.Piece] = []
        var tooLarge = false
        do {
            try JSONValueSplitter.split(input, format: "fuzz", streamedMembers: [streamedMember]) { pieces.append($0) }
        } catch FormatError.recordTooLarge {
            tooLarge = true
        } catch {
            broken.append("the splitter failed as a whole: \(error)")
        }
        let lines = lineCount(bytes)
        var values: [JSONValue] = []
        var items: [JSONValue] = []
        var unparsed = false
        for piece in pieces {
            switch piece {
            case .value(let value, let location), .item(let value, let location, _, _):
                if location.line < 1 || location.line > lines { broken.append("a value names line \(location.line) of \(lines)") }
                guard let parsed = parse(value) else {
                    unparsed = true
                    continue
                }
                if parse(Array(parsed.json.utf8)) != parsed { broken.append("\(parsed.json) does not parse back to itself") }
                if case .item = piece { items.append(parsed) } else { values.append(restore(parsed, items: &items)) }
            case .malformed(let issue):
                unparsed = true
                if issue.location.line < 1 || issue.location.line > lines { broken.append("an error names line \(issue.location.line) of \(lines): \(issue)") }
            }
        }
        // On one valid JSON text the splitter yields what the parser reads: the array's elements, or the value.
        guard !tooLarge, let text = String(validating: bytes, as: UTF8.self), let whole = try? JSONParser.parse(text) else { return broken }
        var expected: [JSONValue]
        switch whole {
        case .array(let elements) where bytes.first(where: { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }) == UInt8(ascii: "["): expected = elements
        default: expected = [whole]
        }
        // Scalars at the top (refused: a payload is an object) and a streamed member given twice are
        // outside what the splitter promises.
        guard expected.allSatisfy(isModelled) else { return broken }
        expected = expected.map(withoutStreamedScalars)
        let got = values.map(withoutStreamedScalars)
        if unparsed || got != expected || !items.isEmpty {
            broken.append("valid JSON splits into \(got.map(\.json)) (left over: \(items.map(\.json))), not \(expected.map(\.json))")
        }
        return broken
    }

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return try? parser.parseValue()
        }
    }

    /// A value whose streamed member was emptied, with the items streamed before it put back.
    static func restore(_ value: JSONValue, items: inout [JSONValue]) -> JSONValue {
        guard !items.isEmpty, case .object(var members) = value,
            let at = members.firstIndex(where: { $0.key == streamedMember && $0.value == .array([]) })
        else { return value }
        members[at].value = .array(items)
        items.removeAll()
        return .object(members)
    }

    static func isModelled(_ value: JSONValue) -> Bool {
        switch value {
        case .array: true
        case .object(let members): members.filter { $0.key == streamedMember }.count <= 1
        default: false
        }
    }

    /// The splitter hands over the objects and arrays of a streamed member; its scalars are dropped.
    static func withoutStreamedScalars(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        for i in members.indices where members[i].key == streamedMember {
            if case .array(let elements) = members[i].value {
                members[i].value = .array(elements.filter { $0.arrayValue != nil || $0.objectValue != nil })
            }
        }
        return .object(members)
    }
}
