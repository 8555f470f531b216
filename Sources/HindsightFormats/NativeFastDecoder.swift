import Hindsight

/// The common native line in one pass over its bytes, without a JSON tree: each key an EVENTS.md
/// field, at most once; strings without escapes; every value valid. It gives exactly the event
/// the general path would. Anything else (an escape, a `null`, a typo, any broken rule) returns
/// `nil`, and the general path decodes the line again and says what is wrong with it.
package struct NativeFastDecoder: ~Copyable {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    package static func event(_ bytes: UnsafeBufferPointer<UInt8>) -> Event? {
        var d = NativeFastDecoder(b: bytes)
        return d.decode()
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func decode() -> Event? {
        var time: Timestamp?
        var kind: EventKind?
        var service: String?
        var id: String?
        var environment = Event.defaultEnvironment
        var summary: String?
        var end: Timestamp?
        var version: String?
        var reverts: String?
        var status: String?
        var incident: String?
        var severity: String?
        var title: String?
        var host: String?
        var actor: String?
        var source: String?
        var url: String?
        var attributes: String?
        var count = 1
        var scope: Scope?
        var labels: Labels?
        var seen: UInt32 = 0

        skipWhitespace()
        guard byte(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if byte(UInt8(ascii: "}")) { return nil }  // no fields: the general path names the first missing one
        while true {
            skipWhitespace()
            guard let key = string(), key.utf8.count <= 11 else { return nil }
            skipWhitespace()
            guard byte(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            let bit: UInt32
            switch key {
            case "time":
                bit = 1 << 0
                guard let t = instant() else { return nil }
                time = t
            case "kind":
                bit = 1 << 1
                guard let k = string().flatMap(EventKind.init(rawValue:)) else { return nil }
                kind = k
            case "service":
                bit = 1 << 2
                guard let v = nonEmpty() else { return nil }
                service = v
            case "id":
                bit = 1 << 3
                guard let v = nonEmpty() else { return nil }
                id = v
            case "environment":
                bit = 1 << 4
                guard let v = nonEmpty() else { return nil }
                environment = v
            case "summary":
                bit = 1 << 5
                guard let v = string() else { return nil }
                summary = v
            case "end":
                bit = 1 << 6
                guard let t = instant() else { return nil }
                end = t
            case "version":
                bit = 1 << 7
                guard let v = nonEmpty() else { return nil }
                version = v
            case "reverts":
                bit = 1 << 8
                guard let v = nonEmpty() else { return nil }
                reverts = v
            case "status":
                bit = 1 << 9
                guard let v = nonEmpty() else { return nil }
                status = v
            case "incident":
                bit = 1 << 10
                guard let v = nonEmpty() else { return nil }
                incident = v
            case "severity":
                bit = 1 << 11
                guard let v = nonEmpty() else { return nil }
                severity = v
            case "title":
                bit = 1 << 12
                guard let v = string() else { return nil }
                title = v
            case "host":
                bit = 1 << 13
                guard let v = nonEmpty() else { return nil }
                host = v
            case "actor":
                bit = 1 << 14
                guard let v = string() else { return nil }
                actor = v
            case "source":
                bit = 1 << 15
                guard let v = string() else { return nil }
                source = v
            case "url":
                bit = 1 << 16
                guard let v = string() else { return nil }
                url = v
            case "count":
                bit = 1 << 17
                guard let n = positiveInteger() else { return nil }
                count = n
            case "scope":
                bit = 1 << 18
                guard let (value, raw) = nested(),
                    let s = try? NativeEventDecoder.decodeScope(NativeField(key: key, value: value, raw: raw), Self.reject)
                else { return nil }
                scope = s
            case "labels":
                bit = 1 << 19
                guard let l = flatLabels() else { return nil }
                labels = l
            case "attributes":
                bit = 1 << 20
                let start = i
                var parser = JSONParser(UnsafeBufferPointer(rebasing: b[start...]))
                guard b[start] != UInt8(ascii: "n"), (try? parser.skipValue()) != nil else { return nil }
                i = start + parser.i
                attributes = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            default: return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            skipWhitespace()
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "}")) else { return nil }
            break
        }
        skipWhitespace()
        guard i == b.count, let time, let kind, let service,
            NativeEventDecoder.brokenRule(time: time, kind: kind, end: end, reverts: reverts, status: status, incident: incident) == nil
        else { return nil }
        return Event(
            id: id, time: time, kind: kind, service: service, environment: environment, summary: summary,
            end: end, version: version, reverts: reverts, status: status, incident: incident,
            severity: severity, title: title, host: host, count: count, scope: scope, actor: actor,
            source: source, url: url, labels: labels, attributes: attributes)
    }

    /// The issue builder the shared validators need; its issue is dropped (the general path reports it).
    static func reject(_ field: String?, _ message: String) -> IngestIssue {
        IngestIssue(location: SourceLocation(file: "", line: 0), field: field, message: message)
    }

    mutating func skipWhitespace() {
        while i < b.count {
            let c = b[i]
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            i += 1
        }
    }

    mutating func byte(_ c: UInt8) -> Bool {
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    /// The range of a string's content, when it has no escape and no control character.
    mutating func stringBytes() -> (range: Range<Int>, ascii: Bool)? {
        guard byte(UInt8(ascii: "\"")) else { return nil }
        let start = i
        var ascii = true
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return (start..<(i - 1), ascii)
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        return nil
    }

    mutating func string() -> String? {
        guard let (range, ascii) = stringBytes() else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: b[range])
        return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    mutating func nonEmpty() -> String? {
        guard let s = string(), !s.isEmpty else { return nil }
        return s
    }

    mutating func instant() -> Timestamp? {
        guard let (range, _) = stringBytes(),
            case .success(let t) = Timestamp.parse(bytes: UnsafeBufferPointer(rebasing: b[range]), text: "")
        else { return nil }
        return t
    }

    /// A whole number ≥ 1 written in plain digits, as `count` needs it.
    mutating func positiveInteger() -> Int? {
        let start = i
        var n = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            guard i - start < 18 else { return nil }
            n = n * 10 + Int(b[i] - 48)
            i += 1
        }
        guard i > start, b[start] != 48 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { return nil }
        return n
    }

    /// Labels as they usually come: an object of strings without escapes, read without a JSON tree.
    mutating func flatLabels() -> Labels? {
        let start = i
        guard byte(UInt8(ascii: "{")) else { return nil }
        var pairs: [(key: String, value: String)] = []
        skipWhitespace()
        if !byte(UInt8(ascii: "}")) {
            while true {
                skipWhitespace()
                guard let key = string() else { return nil }
                skipWhitespace()
                guard byte(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let value = string() else { return nil }
                pairs.append((key, value))
                skipWhitespace()
                if byte(UInt8(ascii: ",")) { continue }
                guard byte(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        return Labels(pairs: pairs, json: String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
    }

    /// A nested value (scope), parsed, with its exact text.
    mutating func nested() -> (JSONValue, String)? {
        let start = i
        let rest = UnsafeBufferPointer(rebasing: b[start...])
        var parser = JSONParser(rest)
        guard let value = try? parser.parseValue() else { return nil }
        i = start + parser.i
        return (value, String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
    }
}
