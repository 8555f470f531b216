/// A path into a JSON value as a mapping writes it: `$` the payload, `.name` a member, `["a.b"]` a member
/// whose name holds dots or spaces, `[0]` an array item (`$.alerts[0].labels["app.kubernetes.io/name"]`).
/// The leading `$.` may be left out (`monitor.name`).
package struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    package enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
    }

    /// The path as written.
    package let text: String
    package let steps: [Step]

    package var description: String { text }

    /// Parses `text`; the error says what is wrong, for the configuration's message.
    package init(parsing text: String) throws(JSONPathError) {
        self.text = text
        var rest = Substring(text)
        if rest.hasPrefix("$") { rest = rest.dropFirst() } else if !rest.isEmpty, rest.first != "[" { rest = "." + rest }
        var steps: [Step] = []
        while let c = rest.first {
            switch c {
            case ".":
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { throw JSONPathError(text: text, problem: "a '.' is followed by no member name") }
                steps.append(.member(String(name)))
                rest = rest.dropFirst(name.count)
            case "[":
                rest = rest.dropFirst()
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: quote), rest[rest.index(after: close)...].first == "]" else {
                        throw JSONPathError(text: text, problem: "a quoted member name is not closed with \(quote)]")
                    }
                    steps.append(.member(String(rest[..<close])))
                    rest = rest[rest.index(close, offsetBy: 2)...]
                } else {
                    let digits = rest.prefix { $0 != "]" }
                    guard rest.dropFirst(digits.count).first == "]", let i = Int(digits), i >= 0 else {
                        throw JSONPathError(text: text, problem: "'[\(digits)' is neither an index such as [0] nor a quoted name such as [\"a.b\"]")
                    }
                    steps.append(.index(i))
                    rest = rest.dropFirst(digits.count + 1)
                }
            default:
                throw JSONPathError(text: text, problem: "'\(c)' cannot follow a member or index; write .name, [0] or [\"name\"]")
            }
        }
        self.steps = steps
    }

    /// The value at this path in `root`; `nil` when a step is absent (or the value is null).
    package func value(in root: JSONValue) -> JSONValue? {
        var current = root
        for step in steps {
            switch step {
            case .member(let name):
                guard let next = current[name] else { return nil }
                current = next
            case .index(let i):
                guard let items = current.arrayValue, i < items.count else { return nil }
                current = items[i]
            }
        }
        if case .null = current { return nil }
        return current
    }
}

/// A JSON path a mapping cannot use.
package struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
    package var text: String
    package var problem: String
    /// The key of the value it was written in, when nested (`labels.team`), for the configuration's message.
    package var key: String?
    package var description: String { "'\(text)' is not a JSON path: \(problem)" }
}
