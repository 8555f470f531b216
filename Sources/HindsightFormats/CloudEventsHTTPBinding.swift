/// The CloudEvents HTTP protocol binding (1.0.2): which content mode a request uses, and the structured
/// JSON of a request in binary content mode, so that every mode is read by the same CloudEvents reader.
///
/// - structured: `Content-Type: application/cloudevents+json`, the event (attributes and `data`) is the body;
/// - batched: `Content-Type: application/cloudevents-batch+json`, a JSON array of events is the body;
/// - binary: the attributes are `ce-*` headers (percent-encoded), `Content-Type` is `datacontenttype`,
///   and the body is the event's `data`.
package enum CloudEventsHTTPBinding {
    /// A request's content mode.
    package enum Mode: Sendable, Equatable {
        case structured, batched, binary
        /// Not a CloudEvents request by its headers: the body is read as posted (JSON, JSON Lines).
        case plain
    }

    /// The mode of a request with these headers (names in any case).
    package static func mode(headers: [(name: String, value: String)]) -> Mode {
        let type = mediaType(of: header("content-type", in: headers))
        if type == "application/cloudevents-batch+json" { return .batched }
        if type?.hasPrefix("application/cloudevents") == true { return .structured }
        if header("ce-specversion", in: headers) != nil { return .binary }
        return .plain
    }

    /// The body to read: a structured or batched body as it is; the event of a binary-mode request as
    /// structured JSON. Errors name the header at fault.
    package static func body(headers: [(name: String, value: String)], body: [UInt8]) throws(CloudEventsBindingError) -> [UInt8] {
        switch mode(headers: headers) {
        case .plain, .batched: return body
        case .structured:
            let type = mediaType(of: header("content-type", in: headers)) ?? ""
            guard type == "application/cloudevents+json" else {
                throw CloudEventsBindingError(
                    header: "Content-Type", problem: "is '\(type)'; Hindsight reads the JSON event format (application/cloudevents+json)")
            }
            return body
        case .binary:
            return Array(try event(headers: headers, body: body).json.utf8)
        }
    }

    /// The CloudEvent a binary-mode request carries.
    static func event(headers: [(name: String, value: String)], body: [UInt8]) throws(CloudEventsBindingError) -> JSONValue {
        var members: [JSONMember] = []
        for (name, value) in headers {
            let lower = name.lowercased()
            guard lower.hasPrefix("ce-"), lower.count > 3 else { continue }
            let attribute = String(lower.dropFirst(3))
            guard !members.contains(where: { $0.key == attribute }) else {
                throw CloudEventsBindingError(header: name, problem: "is given twice; an attribute has one value")
            }
            guard let decoded = percentDecoded(value) else {
                throw CloudEventsBindingError(header: name, problem: "is not valid percent-encoded UTF-8 text")
            }
            members.append(JSONMember(key: attribute, value: .string(decoded)))
        }
        for required in ["id", "source", "type"] where !members.contains(where: { $0.key == required }) {
            throw CloudEventsBindingError(
                header: "ce-\(required)", problem: "is missing; a CloudEvent in binary content mode carries its \(required) in the ce-\(required) header")
        }
        let contentType = header("content-type", in: headers)
        if let contentType { members.append(JSONMember(key: "datacontenttype", value: .string(contentType))) }
        if let data = try data(body, contentType: contentType) { members.append(data) }
        return .object(members)
    }

    /// The body as the event's `data` (JSON for a JSON media type or none, text for `text/*`, else
    /// `data_base64`); `nil` for an empty body.
    static func data(_ body: [UInt8], contentType: String?) throws(CloudEventsBindingError) -> JSONMember? {
        guard !body.isEmpty else { return nil }
        let type = mediaType(of: contentType)
        let json = type == nil || type == "application/json" || type == "text/json" || type?.hasSuffix("+json") == true
        if json {
            let parsed = body.withUnsafeBufferPointer { buffer -> JSONValue? in
                var parser = JSONParser(buffer)
                return try? parser.parseValue()
            }
            if let parsed { return JSONMember(key: "data", value: parsed) }
            guard type == nil, let text = String(validating: body, as: UTF8.self) else {
                throw CloudEventsBindingError(header: "Content-Type", problem: "says the body is JSON, but it is not valid JSON")
            }
            return JSONMember(key: "data", value: .string(text))
        }
        if type?.hasPrefix("text/") == true, let text = String(validating: body, as: UTF8.self) {
            return JSONMember(key: "data", value: .string(text))
        }
        return JSONMember(key: "data_base64", value: .string(base64(body)))
    }

    /// The first value of a header, by its name in any case.
    static func header(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    /// `application/CloudEvents+JSON; charset=utf-8` → `application/cloudevents+json`.
    static func mediaType(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        return type.isEmpty ? nil : type
    }

    /// `%XX` sequences decoded as UTF-8, as the binding asks of receivers; `nil` when malformed.
    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let c = utf8.first {
            utf8 = utf8.dropFirst()
            guard c == UInt8(ascii: "%") else {
                bytes.append(c)
                continue
            }
            guard utf8.count >= 2, let hi = hexDigit(utf8[utf8.startIndex]), let lo = hexDigit(utf8[utf8.index(after: utf8.startIndex)]) else { return nil }
            bytes.append(hi << 4 | lo)
            utf8 = utf8.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A CloudEvents request whose headers break the HTTP binding.
package struct CloudEventsBindingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header at fault.
    package var header: String
    package var problem: String
    package var description: String { "header '\(header)' \(problem)" }
}
