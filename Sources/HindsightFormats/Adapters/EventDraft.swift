import Hindsight

/// Native fields gathered from a payload, each remembering the source path it came from, so that
/// the native rules (which the event still goes through) report the source's field, not the native one.
package struct EventDraft: Sendable {
    var fields: [NativeField] = []
    var origins: [String: String] = [:]

    package init() {}

    /// Sets a native field to a string; `nil` leaves it out.
    package mutating func set(_ key: String, _ value: String?, from origin: String? = nil) {
        set(key, json: value.map(JSONValue.string), from: origin)
    }

    /// Sets a native field to a JSON value; `nil` leaves it out.
    package mutating func set(_ key: String, json value: JSONValue?, from origin: String? = nil) {
        fields.removeAll { $0.key == key }
        origins[key] = nil
        guard let value else { return }
        fields.append(NativeField(key: key, value: value))
        if let origin { origins[key] = origin }
    }

    /// Keeps unmapped source data under `attributes` as one JSON object; null members are dropped.
    package mutating func setAttributes(_ members: [(String, JSONValue?)]) {
        let kept = members.compactMap { m -> JSONMember? in
            guard let v = m.1 else { return nil }
            if case .null = v { return nil }
            return JSONMember(key: m.0, value: v)
        }
        set("attributes", json: kept.isEmpty ? nil : .object(kept))
    }

    /// Validates the fields through `NativeEventDecoder`; an issue names the source field the value came from.
    package func record(at location: SourceLocation, format: InputFormat) -> DecodedRecord {
        record(at: location, formatName: format.rawValue)
    }

    /// Validates the fields as a format named `formatName` read them (a user's mapping has no `InputFormat`).
    package func record(at location: SourceLocation, formatName: String) -> DecodedRecord {
        do {
            return .event(try NativeEventDecoder.decode(fields, at: location, format: formatName), location)
        } catch {
            var issue = error
            if let field = issue.field {
                // `labels.region` came from the source's labels object: name it there.
                let head = field.split(separator: ".", maxSplits: 1).first.map(String.init) ?? field
                if let origin = origins[field] {
                    issue.field = origin
                } else if let origin = origins[head] {
                    issue.field = origin + field.dropFirst(head.count)
                }
            }
            return .invalid(issue)
        }
    }
}
