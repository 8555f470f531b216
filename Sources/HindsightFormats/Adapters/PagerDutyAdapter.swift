import Hindsight

/// Reads PagerDuty Events API v2 bodies: change events become changes, trigger and resolve
/// events become `alert` events keyed by their dedup key.
public struct PagerDutyAdapter: PayloadAdapter {
    public var format: InputFormat { .pagerduty }

    public init() {}

    public func records(from p: Payload) -> [DecodedRecord] {
        do {
            guard let action = try p.string("event_action") else { return [try change(p)] }
            switch action {
            case "trigger": return [try alert(p, action: action, status: "firing")]
            case "resolve":
                // A resolve event usually carries only the routing and dedup keys: no time to place it at.
                guard p["payload.timestamp"] != nil else {
                    return [.skipped(p.location, reason: "PagerDuty resolve event without payload.timestamp has no time (Hindsight never guesses one)")]
                }
                return [try alert(p, action: action, status: "resolved")]
            case "acknowledge":
                return [.skipped(p.location, reason: "PagerDuty acknowledge event is a responder's action, not an alert state")]
            default:
                throw p.issue("event_action", "is '\(action)'; PagerDuty Events v2 actions are trigger, acknowledge and resolve")
            }
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// A change event (`/v2/change/enqueue`): a deploy unless its custom details name another change kind.
    func change(_ p: Payload) throws -> DecodedRecord {
        var d = EventDraft()
        d.set("time", try p.requiredInstant("payload.timestamp", "a change event says when the change happened").text,
              from: "payload.timestamp")
        var kind = EventKind.deploy
        for key in ["kind", "type", "change_type"] {
            if let k = try p.string("payload.custom_details.\(key)").flatMap({ EventKind(rawValue: $0.lowercased()) }), k.isChange {
                kind = k
                break
            }
        }
        d.set("kind", kind.rawValue)
        d.set("summary", try p.requiredString("payload.summary", "a change event has a summary"))
        let source = try p.string("payload.source")
        let service = try p.string("payload.custom_details.service") ?? p.string("payload.component") ?? source
        guard let service else {
            throw p.issue("payload.source", "is missing; name the service in payload.custom_details.service or payload.source")
        }
        d.set("service", service)
        d.set("actor", source)
        d.set("version", try p.text("payload.custom_details.version"), from: "payload.custom_details.version")
        d.set("environment", try p.string("payload.custom_details.environment"), from: "payload.custom_details.environment")
        d.set("url", try p.string("links[0].href"))
        d.set("source", "pagerduty")
        d.setAttributes([("custom_details", p["payload.custom_details"]), ("links", p["links"])])
        return d.record(at: p.location, format: format)
    }

    /// A trigger or resolve event: an `alert` on the payload's component (or source).
    func alert(_ p: Payload, action: String, status: String) throws -> DecodedRecord {
        var d = EventDraft()
        let at = try p.requiredInstant("payload.timestamp", "an alert says when it fired")
        d.set("time", at.text, from: "payload.timestamp")
        d.set("kind", EventKind.alert.rawValue)
        d.set("status", status)
        if let key = try p.string("dedup_key") { d.set("id", "pagerduty:\(key):\(action):\(at.time.rfc3339)") }
        let host = try p.string("payload.source")
        guard let service = try p.string("payload.custom_details.service") ?? p.string("payload.component") ?? host else {
            throw p.issue("payload.source", "is missing; a PagerDuty event names its source (or payload.component)")
        }
        d.set("service", service)
        d.set("host", host)
        d.set("summary", try p.string("payload.summary"))
        d.set("severity", try p.string("payload.severity"))
        d.set("environment", try p.string("payload.custom_details.environment"), from: "payload.custom_details.environment")
        d.set("url", try p.string("links[0].href") ?? p.string("client_url"))
        d.set("source", "pagerduty")
        var labels: [JSONMember] = []
        for key in ["component", "group", "class"] {
            if let v = try p.string("payload.\(key)") { labels.append(JSONMember(key: key, value: .string(v))) }
        }
        if !labels.isEmpty { d.set("labels", json: .object(labels)) }
        d.setAttributes([("custom_details", p["payload.custom_details"]), ("client", p["client"])])
        return d.record(at: p.location, format: format)
    }
}
