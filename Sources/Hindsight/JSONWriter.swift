/// Writes JSON objects with members in the order they are added: deterministic output without `JSONEncoder`.
package struct JSONWriter: Sendable {
    package private(set) var text = "{"
    var first = true

    package init() {}

    package mutating func raw(_ key: String, _ json: String?) {
        guard let json else { return }
        if !first { text += "," }
        first = false
        Self.appendString(key, to: &text)
        text += ":"
        text += json
    }

    package mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        var s = ""
        Self.appendString(value, to: &s)
        raw(key, s)
    }

    package mutating func int(_ key: String, _ value: Int64?) { raw(key, value.map { String($0) }) }
    package mutating func int(_ key: String, _ value: Int?) { raw(key, value.map { String($0) }) }
    package mutating func double(_ key: String, _ value: Double?) { raw(key, value.map(Self.number)) }
    package mutating func bool(_ key: String, _ value: Bool?) { raw(key, value.map { $0 ? "true" : "false" }) }

    /// Writes `null` explicitly (for contract keys that must be present).
    package mutating func nullable(_ key: String, _ json: String?) { raw(key, json ?? "null") }

    package mutating func stringArray(_ key: String, _ values: [String]) {
        raw(key, Self.array(values.map { Self.quoted($0) }))
    }

    package func finished() -> String { text + "}" }

    package static func array(_ jsonItems: [String]) -> String { "[" + jsonItems.joined(separator: ",") + "]" }

    package static func quoted(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    /// Shortest decimal that reads back as the same number; integers without a fraction.
    package static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    package static func appendString(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let h = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
