import Hindsight

/// Reads CloudEvents 1.0 in structured JSON mode, one event or a batch (a JSON array).
/// CDEvents carried in CloudEvents are read as CDEvents; other types map by a documented default.
package struct CloudEventsAdapter: PayloadAdapter {
    package var format: InputFormat { .cloudevents }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// `time`, else the receipt time (noted in `attributes.time_source`), else an error.
    func time(_ p: Payload, _ why: String) throws -> (text: String, path: String?, received: Bool) {
        if let t = try p.instant("time") { return (t.text, p.fullPath("time"), false) }
        guard let received = options.receivedAt else {
            throw p.timeMissing("time", "is missing; \(why), and CloudEvents makes it optional")
        }
        return (received.rfc3339, nil, true)
    }

    /// Native fields a CloudEvent's `data` object may name directly.
    static let dataFields = ["service", "environment", "version", "summary", "severity", "host", "actor", "url"]

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let type = try p.requiredString("type", "a CloudEvent names its type")
            let source = try p.requiredString("source", "a CloudEvent names its source")
            if type.hasPrefix("dev.cdevents.") { return [try cdevent(type: type, source: source, in: p)] }

            var d = EventDraft()
            let at = try time(p, "Hindsight places every event in time")
            d.set("time", at.text, from: at.path)
            if let id = try p.text("id") { d.set("id", "cloudevents:\(source):\(id)") }
            d.set("kind", try Self.kind(type: type, data: p).rawValue)
            d.set("service", try p.string("subject") ?? source, from: p["subject"] == nil ? "source" : "subject")
            d.set("source", source)
            d.set("summary", type)
            if p.isObject("data") {
                for field in Self.dataFields {
                    if let v = try p.string("data.\(field)") { d.set(field, v, from: "data.\(field)") }
                }
            }
            d.setAttributes([("type", .string(type)), ("data", p["data"]), ("time_source", at.received ? .string("received") : nil)])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// The kind of a CloudEvent that is not a CDEvent: `data.kind` when it names one, else a keyword of its type.
    static func kind(type: String, data p: Payload) throws -> EventKind {
        if let named = try p.string("data.kind"), let kind = EventKind(rawValue: named), kind != .incident {
            return kind
        }
        let t = type.lowercased()
        let keywords: [(String, EventKind)] = [
            ("rollback", .rollback), ("rolledback", .rollback), ("revert", .rollback),
            ("deploy", .deploy), ("release", .release), ("publish", .release), ("config", .config),
            ("alert", .alert), ("crash", .crash), ("panic", .crash),
        ]
        return keywords.first { t.contains($0.0) }?.1 ?? .note
    }

    /// A CDEvent in a CloudEvent: `data` is the whole CDEvent (context and subject), its subject,
    /// or its subject under `subject`; the CloudEvent's attributes stand in for a missing context.
    func cdevent(type: String, source: String, in p: Payload) throws -> DecodedRecord {
        guard p.isObject("data") else {
            throw p.issue("data", "is missing; a CloudEvent of type \(type) carries the CDEvent (or its subject) in data")
        }
        let timestamp: (text: String, path: String)
        if let t = try p.instant("data.context.timestamp") {
            timestamp = (t.text, p.fullPath("data.context.timestamp"))
        } else {
            let at = try time(p, "the CloudEvent carrying a CDEvent needs a time")
            timestamp = (at.text, at.path ?? p.fullPath("time"))
        }
        let context = CDEventsAdapter.Context(
            type: try p.string("data.context.type") ?? type,
            id: try p.text("data.context.id") ?? p.text("id"),
            source: try p.string("data.context.source") ?? source,
            timestamp: timestamp.text,
            timestampPath: timestamp.path,
            specVersion: try p.string("data.context.specversion") ?? p.string("data.context.version"),
            chainID: try p.string("data.context.chainId"))
        let subject: Payload
        if let s = p.child("data.subject"), s.value.objectValue != nil {
            subject = s
        } else if p["data.content"] != nil || p["data.id"] != nil {
            subject = p.child("data")!
        } else {
            throw p.issue("data.subject", "is missing; the CDEvent in data needs its subject (an id and content)")
        }
        return CDEventsAdapter(options: options).map(context, subject: subject, customData: p["data.customData"], in: p)
    }
}
