import Hindsight

/// Reads New Relic workflow webhooks (the destination's default payload, and templates keeping its
/// field names): an activated issue is an `alert` firing, a closed one the same alert resolved, on
/// the first impacted entity. Created issues, and the later notifications of an activated one
/// (acknowledged, priority changed, a further incident added), are skipped.
package struct NewRelicAdapter: PayloadAdapter {
    package var format: InputFormat { .newrelic }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a workflow notification: an issue (its URL or id) and its state.
    static func detects(_ v: JSONValue) -> Bool {
        (v["issueUrl"]?.stringValue != nil || v["issueId"] != nil) && v["state"]?.stringValue != nil
    }

    /// Why a notification of an ACTIVATED issue repeats an activation already reported, or `nil` when it is
    /// the activation. Acknowledging the issue (`USER_ACTION`), changing its priority or adding an incident
    /// to it notifies again with the state still ACTIVATED; but an issue created and activated at once is
    /// notified once, with the trigger `INCIDENT_ADDED` of its first incident, and that is its activation.
    static func repeatedActivation(_ p: Payload) throws(IngestIssue) -> String? {
        guard let trigger = try p.string("trigger")?.uppercased(), trigger != "STATE_CHANGE" else { return nil }
        if trigger == "INCIDENT_ADDED" {
            guard let total = try p.text("totalIncidents").flatMap({ Int($0) }), total > 1 else { return nil }
            return "New Relic notification of incident \(total) added to an issue already activated updates the alert its activation reported"
        }
        return "New Relic notification of an issue already activated (trigger \(trigger)) updates the alert its activation reported"
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let state = try p.requiredString("state", "a New Relic workflow notification says the issue's state")
            let status: String
            switch state.uppercased() {
            case "ACTIVATED":
                if let reason = try Self.repeatedActivation(p) { return [.skipped(p.location, reason: reason)] }
                status = "firing"
            case "CLOSED": status = "resolved"
            case "CREATED":
                return [.skipped(p.location, reason: "New Relic issue state CREATED comes before the issue is activated; its activation is the alert")]
            default:
                return [.skipped(p.location, reason: "New Relic issue state \(state) is a responder's action, not an alert state")]
            }
            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.alert.rawValue)
            d.set("status", status)
            let startPath = p["activatedAt"] != nil ? "activatedAt" : "createdAt"
            guard let start = try p.flexibleInstant(startPath) else {
                throw p.issue(
                    "createdAt",
                    "is missing; a New Relic issue says when it was created (keep {{createdAt}} in the workflow's template; "
                        + "Hindsight never guesses when something happened)")
            }
            d.set("time", start.text, from: startPath)
            if status == "resolved" {
                let endPath = p["closedAt"] != nil ? "closedAt" : "updatedAt"
                if let end = try p.flexibleInstant(endPath), end.time > start.time { d.set("end", end.text, from: endPath) }
            }
            let issue = try p.text("id") ?? p.text("issueId")
            if let issue { d.set("id", "newrelic:\(issue):\(status)") }
            let entity: String?
            switch p["impactedEntities"]?.arrayValue?.first {
            case .string(let s)?: entity = s.isEmpty ? nil : s
            case let v?: entity = v["name"]?.stringValue
            case nil: entity = try p.string("entitiesData.names[0]")
            }
            if let entity {
                d.set("service", entity, from: "impactedEntities[0]")
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(
                    .warning(
                        p.issue(
                            "impactedEntities",
                            "is missing or empty; stored on the service '\(AdapterOptions.unknownService)'. Keep {{json entitiesData.names}} "
                                + "as \"impactedEntities\" in the workflow's template")))
            }
            d.set("summary", try p.string("title"))
            d.set("severity", try p.string("priority"))
            d.set("url", try p.string("issueUrl"))
            d.set("source", "newrelic")
            var labels: [JSONMember] = []
            if let policy = p["alertPolicyNames"]?.arrayValue?.first?.stringValue { labels.append(JSONMember(key: "policy", value: .string(policy))) }
            if let condition = p["alertConditionNames"]?.arrayValue?.first?.stringValue {
                labels.append(JSONMember(key: "condition", value: .string(condition)))
            }
            if !labels.isEmpty { d.set("labels", json: .object(labels), from: "alertPolicyNames") }
            d.setAttributes([
                ("state", .string(state)), ("trigger", p["trigger"]), ("workflow", p["workflowName"]), ("entities", p["impactedEntities"]),
                ("policies", p["alertPolicyNames"]), ("conditions", p["alertConditionNames"]), ("incidents", p["totalIncidents"]),
                ("correlated", p["isCorrelated"]),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
