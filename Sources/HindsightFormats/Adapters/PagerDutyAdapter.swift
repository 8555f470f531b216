import Hindsight

/// Reads PagerDuty: Events API v2 bodies (change events become changes, trigger and resolve events
/// `alert`s keyed by their dedup key) and v3 webhooks (incident triggered/acknowledged/resolved
/// become the incident's lifecycle).
package struct PagerDutyAdapter: PayloadAdapter {
    package var format: InputFormat { .pagerduty }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            if let event = p.child("event"), event["event_type"] != nil { return [try webhook(event)] }
            if let messages = p["messages"]?.arrayValue {
                return messages.indices.map { i in
                    let m = p.child("messages[\(i)]")!
                    do { return try webhookV2(m) } catch { return .invalid(m.issue(from: error)) }
                }
            }
            // Events API v1 names the action `event_type` next to a `service_key`.
            let v1 = p["service_key"] != nil ? try p.string("event_type") : nil
            guard let action = try p.string("event_action") ?? v1 else { return try change(p) }
            switch action {
            case "trigger": return try alert(p, action: action, status: "firing")
            case "resolve": return try alert(p, action: action, status: "resolved")
            case "acknowledge":
                return [.skipped(p.location, reason: "PagerDuty acknowledge event is a responder's action, not an alert state")]
            default:
                throw p.issue("event_action", "is '\(action)'; PagerDuty Events v2 actions are trigger, acknowledge and resolve")
            }
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// `payload.timestamp`, else the receipt time (recorded in `attributes.time_source`), else an error:
    /// PagerDuty stamps events without one on receipt, and Hindsight never guesses a time.
    func time(_ p: Payload, _ d: inout EventDraft, why: String) throws -> Timestamp {
        if let t = try p.instant("payload.timestamp") {
            d.set("time", t.text, from: "payload.timestamp")
            return t.time
        }
        guard let received = options.receivedAt else {
            throw p.timeMissing("payload.timestamp", "is missing; \(why), and PagerDuty stamps it on receipt")
        }
        d.set("time", received.rfc3339)
        return received
    }

    /// The service: `custom_details.service`, else the routing key's service in the config, else
    /// `payload.component`; the build host in `payload.source` is not a service.
    func service(_ p: Payload, _ d: inout EventDraft) throws -> [DecodedRecord] {
        if let s = try p.text("payload.custom_details.service") {
            d.set("service", s, from: "payload.custom_details.service")
        } else if let key = try p.string("routing_key") ?? p.string("service_key"), let s = options.routingKeys[key] {
            d.set("service", s)
        } else if let s = try p.string("payload.component") {
            d.set("service", s, from: "payload.component")
        } else {
            d.set("service", AdapterOptions.unknownService)
            let key = (try? p.string("routing_key")) ?? nil
            return [
                .warning(
                    p.issue(
                        "payload.custom_details.service",
                        "is missing, and no routing key maps to a service; stored on the service "
                            + "'\(AdapterOptions.unknownService)'. Add custom_details.service to the event, or map its routing key under [pagerduty.routing_keys] "
                            + "in hindsight.toml (\"\(key ?? "ROUTING_KEY")\" = \"SERVICE\")"))
            ]
        }
        return []
    }

    /// A change event (`/v2/change/enqueue`): a deploy unless its custom details name another change kind.
    func change(_ p: Payload) throws -> [DecodedRecord] {
        var d = EventDraft()
        _ = try time(p, &d, why: "a change event says when the change happened")
        var kind = EventKind.deploy
        for key in ["kind", "type", "change_type"] {
            if let k = try p.string("payload.custom_details.\(key)").flatMap({ EventKind(rawValue: $0.lowercased()) }), k.isChange {
                kind = k
                break
            }
        }
        d.set("kind", kind.rawValue)
        d.set("summary", try p.requiredString("payload.summary", "a change event has a summary"))
        let warnings = try service(p, &d)
        d.set("actor", try p.string("payload.source"))
        d.set("version", try p.text("payload.custom_details.version"), from: "payload.custom_details.version")
        d.set("environment", try p.string("payload.custom_details.environment"), from: "payload.custom_details.environment")
        d.set("url", try p.string("links[0].href"))
        d.set("source", "pagerduty")
        d.setAttributes([
            ("custom_details", p["payload.custom_details"]), ("links", p["links"]),
            ("time_source", p["payload.timestamp"] == nil ? .string("received") : nil),
        ])
        return warnings + [d.record(at: p.location, format: format)]
    }

    /// A trigger or resolve event: an `alert` on the event's service, at the host in `payload.source`.
    func alert(_ p: Payload, action: String, status: String) throws -> [DecodedRecord] {
        var d = EventDraft()
        let at = try time(p, &d, why: "an alert says when it fired or resolved")
        d.set("kind", EventKind.alert.rawValue)
        d.set("status", status)
        if let key = try p.string("dedup_key") ?? p.string("incident_key") { d.set("id", "pagerduty:\(key):\(action):\(at.rfc3339)") }
        let warnings = try service(p, &d)
        d.set("host", try p.string("payload.source"))
        d.set("summary", try p.string("payload.summary") ?? p.string("description"))
        d.set("severity", try p.string("payload.severity"))
        d.set("environment", try p.string("payload.custom_details.environment"), from: "payload.custom_details.environment")
        d.set("url", try p.string("links[0].href") ?? p.string("client_url"))
        d.set("source", "pagerduty")
        var labels: [JSONMember] = []
        for key in ["component", "group", "class"] {
            if let v = try p.string("payload.\(key)") { labels.append(JSONMember(key: key, value: .string(v))) }
        }
        if !labels.isEmpty { d.set("labels", json: .object(labels)) }
        d.setAttributes([
            ("custom_details", p["payload.custom_details"] ?? p["details"]), ("client", p["client"]), ("dedup_key", p["dedup_key"]),
            ("time_source", p["payload.timestamp"] == nil ? .string("received") : nil),
        ])
        return warnings + [d.record(at: p.location, format: format)]
    }

    /// The incident lifecycle step a webhook event names, in v2 (`incident.trigger`) or v3
    /// (`incident.triggered`) spelling: declared, resolved, or an acknowledgement noted on the timeline.
    static func incidentState(_ event: String) -> (kind: EventKind, status: String?)? {
        switch event {
        case "incident.trigger", "incident.triggered", "incident.reopened": (.incident, "declared")
        case "incident.resolve", "incident.resolved": (.incident, "resolved")
        case "incident.acknowledge", "incident.acknowledged": (.note, nil)
        default: nil
        }
    }

    /// A message of a v2 webhook (deprecated by PagerDuty, still sent): `incident.trigger` → `declared`,
    /// `incident.resolve` → `resolved`, `incident.acknowledge` → a `note`; others skipped.
    func webhookV2(_ m: Payload) throws -> DecodedRecord {
        let event = try m.requiredString("event", "a PagerDuty v2 webhook message names its event")
        guard let state = Self.incidentState(event) else {
            return .skipped(m.location, reason: "PagerDuty webhook event \(event) is not an incident state")
        }
        var d = EventDraft()
        d.set("kind", state.kind.rawValue)
        d.set("status", state.status)
        d.set("time", try m.requiredInstant("created_on", "a PagerDuty webhook message says when it was created").text, from: m.fullPath("created_on"))
        if let id = try m.string("id") { d.set("id", "pagerduty:message:\(id)") }
        let incident = try m.requiredString("incident.id", "a PagerDuty incident message names its incident")
        d.set("incident", "pagerduty:\(incident)")
        d.set("service", try m.string("incident.service.name") ?? m.string("incident.service.summary") ?? AdapterOptions.unknownService)
        let title = try m.string("incident.title") ?? m.string("incident.trigger_summary_data.subject")
        let agent = try m.string("log_entries[0].agent.summary")
        d.set("title", event == "incident.acknowledge" ? nil : title)
        d.set("summary", event == "incident.acknowledge" ? "acknowledged\(agent.map { " by \($0)" } ?? "")" : title)
        d.set("actor", agent)
        d.set("severity", try m.string("incident.priority.summary") ?? m.string("incident.urgency"))
        d.set("url", try m.string("incident.html_url"))
        d.set("source", "pagerduty")
        d.setAttributes([("event", .string(event)), ("number", m["incident.incident_number"]), ("service_id", m["incident.service.id"])])
        return d.record(at: m.location, format: format)
    }

    /// A v3 webhook event: incident triggered → `declared`, resolved → `resolved`, acknowledged → a
    /// `note` on the incident's timeline; other incident events and other resources are skipped.
    func webhook(_ e: Payload) throws -> DecodedRecord {
        let type = try e.requiredString("event_type", "a PagerDuty webhook names its event type")
        guard let state = Self.incidentState(type) else {
            return .skipped(e.location, reason: "PagerDuty webhook event \(type) is not an incident state")
        }
        var d = EventDraft()
        d.set("kind", state.kind.rawValue)
        d.set("status", state.status)
        let data = e.child("data")
        d.set("time", try e.requiredInstant("occurred_at", "a PagerDuty webhook event says when it occurred").text, from: e.fullPath("occurred_at"))
        if let id = try e.string("id") { d.set("id", "pagerduty:event:\(id)") }
        guard let incident = try data?.string("id") else {
            throw e.issue("data.id", "is missing; a PagerDuty incident event names its incident")
        }
        d.set("incident", "pagerduty:\(incident)")
        let serviceName = try data?.string("service.summary")
        let serviceID = try data?.string("service.id")
        d.set("service", serviceName ?? serviceID ?? AdapterOptions.unknownService, from: e.fullPath("data.service.summary"))
        let title = try data?.string("title")
        d.set("title", type == "incident.acknowledged" ? nil : title)
        let agent = try e.string("agent.summary")
        d.set("actor", agent)
        d.set("summary", type == "incident.acknowledged" ? "acknowledged\(agent.map { " by \($0)" } ?? "")" : title)
        d.set("severity", try data?.string("priority.summary") ?? data?.string("urgency"))
        d.set("url", try data?.string("html_url"))
        d.set("source", "pagerduty")
        d.setAttributes([
            ("event_type", .string(type)), ("number", data?["number"]), ("urgency", data?["urgency"]),
            ("service_id", serviceID.map(JSONValue.string)),
        ])
        return d.record(at: e.location, format: format)
    }
}
