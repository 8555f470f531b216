import Hindsight
import TOMLKit

extension HindsightConfig {
    /// What a `[[mapping]]` table may hold besides native fields.
    static let mappingOwnKeys = ["name", "match"]

    /// Names a mapping may not take: the formats Hindsight reads itself (their hooks and `--format`).
    static var reservedMappingNames: Set<String> { Set(InputFormat.allCases.map(\.rawValue) + ["grafana"]) }

    /// The `[[mapping]]` tables of a file, checked: every key known, a match, a kind and a service,
    /// fixed values valid, paths well-formed. Errors name the file, the line and the key.
    static func mappings(_ value: any TOMLValueConvertible, lines: [String], path: String) throws(ConfigError) -> [Mapping] {
        let headers = lines.indices.filter { lines[$0].trimmingSpaces.hasPrefix("[[mapping]]") }
        guard let array = value.array else {
            throw .invalid(path: path, line: line(of: "mapping", in: lines), key: "mapping", message: "must be tables written [[mapping]]")
        }
        var out: [Mapping] = []
        for (i, item) in array.enumerated() {
            let header = i < headers.count ? headers[i] : nil
            func place(_ key: String) -> Int { header.map { keyLine(key, mappingAt: $0, in: lines) } ?? 0 }
            func fail(_ key: String, _ message: String) -> ConfigError {
                .invalid(path: path, line: place(key), key: "mapping.\(key)", message: message)
            }
            guard let table = item.table else { throw fail("", "must be a table written [[mapping]]") }
            let known = mappingOwnKeys + Event.fieldNames
            for key in table.keys where !known.contains(key) {
                let hint = Suggest.nearest(key, in: known).map { "did you mean 'mapping.\($0)'?" } ?? "see docs/formats.md for the keys"
                throw fail(key, "unknown key; \(hint)")
            }
            guard let name = table["name"]?.string, !name.isEmpty else {
                throw fail("name", "is missing; name the mapping (it is the source of its events and its hook, /v1/hooks/NAME)")
            }
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw fail("name", "'\(name)' must be letters, digits, '-' and '_' (it is a URL path segment)")
            }
            guard !reservedMappingNames.contains(name) else { throw fail("name", "'\(name)' is a format Hindsight reads itself; name the mapping otherwise") }
            guard !out.contains(where: { $0.name == name }) else { throw fail("name", "'\(name)' names another mapping already") }

            guard let matchTable = table["match"]?.table, !matchTable.keys.isEmpty else {
                throw fail(
                    "match",
                    "is missing; say which payloads this mapping reads, like match = { \"monitor_friendly_name\" = true } or { \"$.type\" = \"deploy\" }")
            }
            var conditions: [Mapping.Condition] = []
            for key in matchTable.keys.sorted() {
                let jsonPath: JSONPath
                do throws(JSONPathError) { jsonPath = try JSONPath(parsing: key) } catch { throw fail("match", error.description) }
                let v = matchTable[key]!
                if let present = v.bool {
                    guard present else { throw fail("match", "'\(key)' = false; a mapping matches on fields present (true) or on their values") }
                    conditions.append(.init(path: jsonPath, values: nil))
                } else if let values = v.array {
                    let texts = values.compactMap(scalarText)
                    guard texts.count == values.count, !texts.isEmpty else { throw fail("match", "'\(key)' must list the values it may have, as text") }
                    conditions.append(.init(path: jsonPath, values: texts))
                } else if let text = scalarText(v) {
                    conditions.append(.init(path: jsonPath, values: [text]))
                } else {
                    throw fail("match", "'\(key)' must be a value, a list of values, or true (present)")
                }
            }

            var fields: [Mapping.Field] = []
            for key in Event.fieldNames where table[key] != nil {
                let mapped: MappingValue
                do throws(JSONPathError) {
                    mapped = try mappingValue(table[key]!, key: key)
                } catch {
                    throw fail(error.key ?? key, error.description)
                }
                if let problem = problem(with: mapped, for: key) { throw fail(key, problem) }
                fields.append(Mapping.Field(key: key, value: mapped, line: place(key)))
            }
            for required in ["kind", "service"] where !fields.contains(where: { $0.key == required }) {
                throw fail(required, "is missing; every event needs a \(required): a fixed value, or a path of the payload such as \"$.name\"")
            }
            out.append(Mapping(name: name, match: conditions, fields: fields, file: path, line: header.map { $0 + 1 } ?? 0))
        }
        return out
    }

    /// A TOML scalar as text.
    static func scalarText(_ v: any TOMLValueConvertible) -> String? {
        if let s = v.string { return s }
        if let n = v.int { return String(n) }
        if let d = v.double { return String(d) }
        if let b = v.bool { return b ? "true" : "false" }
        return nil
    }

    /// One field's value as written: a string (path, template or fixed text), a number or boolean, a
    /// table `{ path, map, otherwise }`, a table of members (labels, scope, attributes), or an array.
    static func mappingValue(_ v: any TOMLValueConvertible, key: String) throws(JSONPathError) -> MappingValue {
        if let s = v.string { return try MappingValue(parsing: s) }
        if let n = v.int { return .fixed(.number(String(n))) }
        if let d = v.double { return .fixed(.number(String(d))) }
        if let b = v.bool { return .fixed(.bool(b)) }
        if let a = v.array { return .fixed(.array(a.compactMap(scalarText).map(JSONValue.string))) }
        guard let t = v.table else { return .fixed(.null) }
        if let pathText = t["path"]?.string, t.keys.allSatisfy({ ["path", "map", "otherwise"].contains($0) }) {
            let jsonPath = try JSONPath(parsing: pathText)
            guard let map = t["map"]?.table else { return .path(jsonPath) }
            var table: [String: String] = [:]
            for k in map.keys { table[k] = map[k].flatMap(scalarText) }
            return .lookup(jsonPath, table, otherwise: t["otherwise"].flatMap(scalarText))
        }
        var members: [MappingValue.Member] = []
        for k in t.keys {
            do throws(JSONPathError) {
                members.append(.init(key: k, value: try mappingValue(t[k]!, key: "\(key).\(k)")))
            } catch {
                var keyed = error
                keyed.key = keyed.key ?? "\(key).\(k)"
                throw keyed
            }
        }
        return .object(members)
    }

    /// What is wrong with a value a mapping gives a native field, when it can be told before any payload.
    static func problem(with value: MappingValue, for key: String) -> String? {
        switch (key, value) {
        case ("kind", .fixed(let v)):
            guard let k = v.stringValue, EventKind(rawValue: k) != nil else {
                let all = EventKind.allCases.map(\.rawValue)
                return "'\(v.stringValue ?? v.json)' is not a kind; use one of \(all.joined(separator: ", ")) (or a path of the payload)"
            }
        case ("kind", .lookup(_, let table, let otherwise)):
            if let bad = (Array(table.values) + [otherwise].compactMap { $0 }).first(where: { EventKind(rawValue: $0) == nil }) {
                return "maps to '\(bad)', which is not a kind; use \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        case ("time", .fixed), ("end", .fixed):
            return "is a fixed value; give the path of the payload's time, like \"$.timestamp\" (leave time out to use the time a payload is received)"
        case ("count", .fixed(let v)):
            guard let n = v.intValue, n >= 1 else { return "must be a whole number of occurrences (1 or more), or a path" }
        case ("labels", .fixed), ("scope", .fixed(.string)):
            return "must be a table (labels.NAME = \"$.path\"), or the path of an object in the payload"
        default:
            break
        }
        return nil
    }

    /// The 1-based line of `key` (`kind`, or `labels.region`) inside the `[[mapping]]` whose header is on
    /// line index `header`; the header's line when the key is not written on a line of its own.
    static func keyLine(_ key: String, mappingAt header: Int, in lines: [String]) -> Int {
        let parts = key.split(separator: ".").map(String.init)
        var sub = ""
        var i = header + 1
        while i < lines.count {
            let l = lines[i].trimmingSpaces
            if l.hasPrefix("[[") { break }
            if l.hasPrefix("[") {
                let table = l.trimmingCharacters("[]").trimmingSpaces
                guard table.hasPrefix("mapping.") else { break }
                sub = String(table.dropFirst("mapping.".count))
                if sub == key { return i + 1 }
            } else if let eq = l.firstIndex(of: "=") {
                let name = String(l[..<eq]).trimmingSpaces.trimmingCharacters("\"'")
                let full = sub.isEmpty ? name : sub + "." + name
                if full == key || (parts.count == 1 && sub.isEmpty && name == key) || (sub.isEmpty && parts.first == name) { return i + 1 }
            }
            i += 1
        }
        return header + 1
    }
}
