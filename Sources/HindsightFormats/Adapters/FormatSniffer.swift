import Hindsight

/// Tells an ecosystem format from the shape of an input's first JSON value, without consuming it.
public enum FormatSniffer {
    /// A first value larger than this is not inspected (the input is taken as native).
    static let peekLimit = 16 << 20

    /// The adapter format of `input`'s first JSON value (or of the first item of a top-level
    /// array), `nil` when it has none of their shapes. The input is left where it was.
    static func sniff(_ input: ByteInput) -> InputFormat? {
        guard let bytes = peekFirstValue(input) else { return nil }
        let value: JSONValue? = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return try? parser.parseValue()
        }
        return value.flatMap(classify)
    }

    /// The format a payload's shape belongs to; `nil` for native events and anything unknown.
    public static func classify(_ value: JSONValue) -> InputFormat? {
        guard case .object = value else { return nil }
        func has(_ key: String) -> Bool { value[key].map { $0 != .null } ?? false }
        if let context = value["context"], context.objectValue != nil, has("subject"),
           context["type"]?.stringValue?.hasPrefix("dev.cdevents.") == true {
            return .cdevents
        }
        if value["specversion"]?.stringValue != nil, value["type"]?.stringValue != nil, has("source") {
            return .cloudevents
        }
        if value["alerts"]?.arrayValue != nil, has("version") || has("groupKey") || has("receiver") {
            return .alertmanager
        }
        if value["deployment"]?.objectValue != nil || value["deployment_status"]?.objectValue != nil {
            return .github
        }
        if has("routing_key") || has("event_action") {
            return .pagerduty
        }
        if let payload = value["payload"], payload["summary"] != nil, payload["source"] != nil {
            return .pagerduty
        }
        if value["action"]?.stringValue != nil, let data = value["data"], data.objectValue != nil,
           data["issue"] != nil || data["event"] != nil || data["error"] != nil {
            return .sentry
        }
        return nil
    }

    /// Reads lines until the first value is complete, then puts them all back.
    static func peekFirstValue(_ input: ByteInput) -> [UInt8]? {
        var lines: [[UInt8]] = []
        var value: [UInt8] = []
        var total = 0
        var nesting = JSONNesting()
        var arrayOpened = false, complete = false, failed = false
        defer { input.unread(lines) }
        while !complete && !failed && total <= peekLimit {
            guard let line = input.nextLine({ Array($0) }) else { break }
            lines.append(line)
            total += line.count
            for c in line {
                if nesting.isOpen {
                    value.append(c)
                    if nesting.feed(c) { complete = true; break }
                    continue
                }
                if c == 0x20 || c == 0x09 || c == 0x0D { continue }
                if c == UInt8(ascii: "#") && !arrayOpened { break }  // a native comment line
                if c == UInt8(ascii: "[") && !arrayOpened && value.isEmpty { arrayOpened = true; continue }
                guard c == UInt8(ascii: "{") else { failed = true; break }
                nesting.open()
                value.append(c)
            }
            if nesting.isOpen { value.append(0x0A) }
        }
        return complete ? value : nil
    }
}
