/// Where a mapping takes one native field's value from.
package indirect enum MappingValue: Sendable, Equatable {
    /// The same value for every payload (`kind = "alert"`, `count = 1`).
    case fixed(JSONValue)
    /// The value at a path of the payload (`service = "$.monitor.name"`).
    case path(JSONPath)
    /// Text with values of the payload in it (`summary = "{$.monitor} is {$.state}"`).
    case template([TemplatePart])
    /// The value at a path, translated (`status = { path = "$.state", map = { Down = "firing", Up = "resolved" } }`);
    /// a value the map lacks takes `otherwise`, or is an error.
    case lookup(JSONPath, [String: String], otherwise: String?)
    /// An object built member by member (`labels`, `scope`, `attributes` written as tables).
    case object([Member])

    /// One piece of a template.
    package enum TemplatePart: Sendable, Equatable {
        case text(String)
        case value(JSONPath)
    }

    /// One member of an object value.
    package struct Member: Sendable, Equatable {
        package var key: String
        package var value: MappingValue
    }

    /// Reads a string as a mapping writes it: `$…` a path, text with `{$…}` a template (`{{` and `}}`
    /// for literal braces), anything else a fixed value.
    package init(parsing text: String) throws(JSONPathError) {
        if text.hasPrefix("$") && !text.hasPrefix("$$") {
            self = .path(try JSONPath(parsing: text))
            return
        }
        guard text.contains("{$") else {
            self = .fixed(.string(text.hasPrefix("$$") ? String(text.dropFirst()) : text.replacingDoubledBraces))
            return
        }
        var parts: [TemplatePart] = []
        var literal = ""
        var rest = Substring(text)
        while let c = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(c)
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("{$") {
                guard let close = rest.firstIndex(of: "}") else {
                    throw JSONPathError(text: String(rest), problem: "a '{' in the template is not closed with '}'")
                }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.value(try JSONPath(parsing: String(rest[rest.index(after: rest.startIndex)..<close]))))
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(c)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self = .template(parts)
    }
}

extension String {
    /// `{{` and `}}` as the single braces they stand for in a mapping's text.
    fileprivate var replacingDoubledBraces: String {
        replacing("{{", with: "{").replacing("}}", with: "}")
    }
}
