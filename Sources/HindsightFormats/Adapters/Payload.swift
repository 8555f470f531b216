import Hindsight

/// A view of one payload (or a part of it) with typed look-ups by path, whose errors name
/// the format, the full field path and where the payload is.
package struct Payload: Sendable {
    package let value: JSONValue
    /// Where this view sits in the whole payload (`alerts[2]`); empty for the payload itself.
    package let path: String
    package let location: SourceLocation
    package let format: String

    package init(_ value: JSONValue, path: String = "", location: SourceLocation, format: String) {
        self.value = value
        self.path = path
        self.location = location
        self.format = format
    }

    /// The full path of `relative` for messages.
    package func fullPath(_ relative: String) -> String {
        if path.isEmpty { return relative }
        if relative.isEmpty { return path }
        return relative.hasPrefix("[") ? path + relative : path + "." + relative
    }

    /// The value at a dotted path such as `context.timestamp` or `alerts[0].labels`; `nil` when absent or null.
    package subscript(_ relative: String) -> JSONValue? {
        var current = value
        for component in relative.split(separator: ".", omittingEmptySubsequences: true) {
            var name = Substring(component)
            var indexes: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
                indexes.insert(i, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                guard let next = current[String(name)] else { return nil }
                current = next
            }
            for i in indexes {
                guard let items = current.arrayValue, i >= 0, i < items.count else { return nil }
                current = items[i]
            }
        }
        if case .null = current { return nil }
        return current
    }

    /// A view of the part at `relative` (an object or array), `nil` when absent.
    package func child(_ relative: String) -> Payload? {
        guard let v = self[relative] else { return nil }
        return Payload(v, path: fullPath(relative), location: location, format: format)
    }

    /// The part at `relative` a format requires; `why` completes "is missing; …". A payload posted to a
    /// producer's hook or read with its format named may lack what its shape would have.
    package func requiredChild(_ relative: String, _ why: String) throws(IngestIssue) -> Payload {
        guard let part = child(relative) else { throw issue(relative, "is missing; \(why)") }
        return part
    }

    /// The object members at `relative`; empty when absent.
    package func members(_ relative: String) -> [JSONMember] {
        self[relative]?.objectValue ?? []
    }

    /// An issue about the field at `relative` (`nil`: the payload as a whole).
    package func issue(_ relative: String?, _ message: String) -> IngestIssue {
        IngestIssue(location: location, field: relative.map(fullPath) ?? (path.isEmpty ? nil : path), message: message, format: format)
    }

    /// The issue of a payload without the time of its event, which a front end may be given: `reason`
    /// says why it has none.
    package func timeMissing(_ relative: String?, _ reason: String) -> IngestIssue {
        var missing = issue(relative, reason + "; give the time the event was received (Hindsight never guesses when something happened)")
        missing.cause = .noTime
        return missing
    }

    /// `error` as an issue of this payload (adapters only throw `IngestIssue`, but `??` forgets the type).
    package func issue(from error: any Error) -> IngestIssue {
        error as? IngestIssue ?? issue(nil, "\(error)")
    }

    /// A string field; absent, null or empty is `nil`; another JSON type is an error.
    package func string(_ relative: String) throws(IngestIssue) -> String? {
        guard let v = self[relative] else { return nil }
        guard case .string(let s) = v else { throw issue(relative, "must be a string, not \(v.typeName)") }
        return s.isEmpty ? nil : s
    }

    /// A string or number field as text (ids are numbers in some formats); `nil` when absent or empty.
    package func text(_ relative: String) throws(IngestIssue) -> String? {
        switch self[relative] {
        case .number(let n)?: return n
        case .string(let s)?: return s.isEmpty ? nil : s
        case nil: return nil
        case let v?: throw issue(relative, "must be a string or a number, not \(v.typeName)")
        }
    }

    /// A string field the format requires; `why` completes "is missing; …".
    package func requiredString(_ relative: String, _ why: String) throws(IngestIssue) -> String {
        guard self[relative] != nil else { throw issue(relative, "is missing; \(why)") }
        guard let s = try string(relative) else { throw issue(relative, "is empty; \(why)") }
        return s
    }

    /// Whether the value at `relative` is an object.
    package func isObject(_ relative: String) -> Bool { self[relative]?.objectValue != nil }

    /// An RFC 3339 time field with its text; `nil` when absent.
    package func instant(_ relative: String) throws(IngestIssue) -> (text: String, time: Timestamp)? {
        guard let text = try string(relative) else { return nil }
        switch Timestamp.parse(text) {
        case .success(let t): return (text, t)
        case .failure(let e): throw issue(relative, e.description)
        }
    }

    /// An RFC 3339 time field the format requires; `why` completes "is missing; …".
    package func requiredInstant(_ relative: String, _ why: String) throws(IngestIssue) -> (text: String, time: Timestamp) {
        guard let found = try instant(relative) else {
            throw issue(relative, "is missing; \(why) (Hindsight never guesses when something happened)")
        }
        return found
    }
}
