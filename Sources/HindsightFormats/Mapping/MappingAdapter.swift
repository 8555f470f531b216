import Hindsight

/// Reads a payload by a user's `[[mapping]]`: each native field from its path, template, lookup or fixed
/// value, then validated by the native rules like every other format. Problems name the payload's
/// file, record and path, and the mapping (file and line) that reads it.
package struct MappingAdapter: Sendable {
    package let mapping: Mapping
    package let options: AdapterOptions

    package init(mapping: Mapping, options: AdapterOptions) {
        self.mapping = mapping
        self.options = options
    }

    /// Native fields holding a time, read as RFC 3339 or as seconds or milliseconds since 1970.
    static let timeFields: Set<String> = ["time", "end", "commit_time"]

    /// A scalar as text (`12` → `"12"`); `nil` for objects, arrays and null.
    package static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// Maps one payload (one JSON value found at `location`).
    package func records(from value: JSONValue, at location: SourceLocation) -> [DecodedRecord] {
        let p = Payload(value, location: location, format: mapping.name)
        do {
            var d = EventDraft()
            for field in mapping.fields {
                guard var v = try resolve(field.value, field: field.key, in: p) else { continue }
                if Self.timeFields.contains(field.key) { v = try time(v, field: field, in: p) }
                d.set(field.key, json: Self.coerce(v, for: field.key), from: origin(of: field.value))
            }
            var received = false
            if !d.fields.contains(where: { $0.key == "time" }) {
                guard let at = options.receivedAt else {
                    throw p.timeMissing(nil, "mapping '\(mapping.name)' (\(mapping.place)) gives no time and the payload was read from a file")
                }
                d.set("time", at.rfc3339)
                received = true
            }
            for required in ["kind", "service"] where !d.fields.contains(where: { $0.key == required }) {
                guard let source = mapping.fields.first(where: { $0.key == required }) else {
                    throw p.issue(nil, "mapping '\(mapping.name)' (\(mapping.place)) gives no '\(required)'; add \(required) = … to it")
                }
                throw p.issue(
                    origin(of: source.value), "is missing, and mapping '\(mapping.name)' (\(mapping.file):\(source.line)) takes '\(required)' from it")
            }
            if !d.fields.contains(where: { $0.key == "source" }) { d.set("source", mapping.name) }
            if received {
                var attributes = d.fields.first { $0.key == "attributes" }?.value.objectValue ?? []
                attributes.append(JSONMember(key: "time_source", value: .string("received")))
                d.set("attributes", json: .object(attributes))
            }
            return [d.record(at: location, formatName: mapping.name)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// The payload path a field's value comes from, so that the native rules name it.
    func origin(of value: MappingValue) -> String? {
        switch value {
        case .path(let path), .lookup(let path, _, _): path.steps.isEmpty ? nil : String(path.text.drop { $0 == "$" || $0 == "." })
        default: nil
        }
    }

    func resolve(_ value: MappingValue, field: String, in p: Payload) throws(IngestIssue) -> JSONValue? {
        switch value {
        case .fixed(let v):
            return v
        case .path(let path):
            return path.value(in: p.value)
        case .template(let parts):
            var out = ""
            for part in parts {
                switch part {
                case .text(let s): out += s
                case .value(let path):
                    guard let v = path.value(in: p.value), let t = Self.text(v) else {
                        throw p.issue(
                            origin(of: .path(path)),
                            "is \(path.value(in: p.value) == nil ? "missing" : "not text"); mapping '\(mapping.name)' (\(mapping.place)) writes it into '\(field)'"
                        )
                    }
                    out += t
                }
            }
            return .string(out)
        case .lookup(let path, let table, let otherwise):
            guard let v = path.value(in: p.value) else { return nil }
            let key = Self.text(v) ?? v.json
            if let mapped = table[key] ?? otherwise { return .string(mapped) }
            throw p.issue(
                origin(of: value),
                "is '\(key)', which mapping '\(mapping.name)' (\(mapping.place)) does not translate for '\(field)'; "
                    + "add it to the map (known: \(table.keys.sorted().joined(separator: ", "))) or give otherwise = …")
        case .object(let members):
            var out: [JSONMember] = []
            for m in members {
                if let v = try resolve(m.value, field: "\(field).\(m.key)", in: p) { out.append(JSONMember(key: m.key, value: v)) }
            }
            return out.isEmpty ? nil : .object(out)
        }
    }

    /// A time read as RFC 3339 or as a count since 1970, written as RFC 3339.
    func time(_ v: JSONValue, field: Mapping.Field, in p: Payload) throws(IngestIssue) -> JSONValue {
        let path = origin(of: field.value) ?? field.key
        let probe = Payload(.object([JSONMember(key: "t", value: v)]), location: p.location, format: p.format)
        let t: (text: String, time: Timestamp)?
        do throws(IngestIssue) {
            t = try probe.flexibleInstant("t")
        } catch {
            throw p.issue(path, error.message)
        }
        guard let t else { throw p.issue(path, "is empty; it must be a time") }
        return .string(t.text)
    }

    /// Values as the native rules want them: counts and scope numbers as numbers, text fields and labels as text.
    static func coerce(_ v: JSONValue, for key: String) -> JSONValue {
        switch key {
        case "attributes":
            return v
        case "count":
            if case .string(let s) = v, Int(s) != nil { return .number(s) }
            return v
        case "scope":
            guard case .object(let members) = v else { return v }
            return .object(
                members.map { m in
                    if m.key == "percent" || m.key == "hosts", case .string(let s) = m.value, Double(s) != nil {
                        return JSONMember(key: m.key, value: .number(s))
                    }
                    if m.key == "regions", case .string(let s) = m.value {
                        return JSONMember(key: m.key, value: .array(s.split(separator: ",").map { .string(String($0).trimmingSpaces) }))
                    }
                    return m
                })
        case "labels":
            guard case .object(let members) = v else { return v }
            return .object(members.compactMap { m in text(m.value).map { JSONMember(key: m.key, value: .string($0)) } })
        default:
            return text(v).map(JSONValue.string) ?? v
        }
    }
}
