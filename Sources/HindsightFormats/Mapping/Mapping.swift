/// A user's reading of one producer's payloads (`[[mapping]]` in hindsight.toml, docs/formats.md
/// "Mapping other producers"): which payloads it takes (`match`), and where each native field comes from.
package struct Mapping: Sendable, Equatable {
    /// Its name: the format named in messages, the default `source`, and its hook (`/v1/hooks/NAME`).
    package var name: String
    /// Conditions every payload it takes meets.
    package var match: [Condition]
    /// Native fields and where their values come from, in the order written.
    package var fields: [Field]
    /// Where it is written, for messages: the configuration file and the line of its `[[mapping]]`.
    package var file: String
    package var line: Int

    package init(name: String, match: [Condition], fields: [Field], file: String, line: Int) {
        self.name = name
        self.match = match
        self.fields = fields
        self.file = file
        self.line = line
    }

    /// A condition on one field of the payload.
    package struct Condition: Sendable, Equatable {
        package var path: JSONPath
        /// The values it may have (as text); `nil`: it only has to be present.
        package var values: [String]?

        package init(path: JSONPath, values: [String]?) {
            self.path = path
            self.values = values
        }

        /// Whether `payload` meets it.
        package func holds(for payload: JSONValue) -> Bool {
            guard let v = path.value(in: payload) else { return false }
            guard let values else { return true }
            return MappingAdapter.text(v).map(values.contains) ?? false
        }
    }

    /// One native field and where its value comes from.
    package struct Field: Sendable, Equatable {
        package var key: String
        package var value: MappingValue
        /// The line it is written on.
        package var line: Int

        package init(key: String, value: MappingValue, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// Whether this mapping takes `payload`.
    package func matches(_ payload: JSONValue) -> Bool {
        guard case .object = payload else { return false }
        return match.allSatisfy { $0.holds(for: payload) }
    }

    /// `hindsight.toml:12` for messages.
    package var place: String { "\(file):\(line)" }
}
