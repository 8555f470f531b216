/// Says what an unrecognised payload looks like, naming its producer when its shape tells,
/// so that the one error it gets is useful.
package enum PayloadDescriber {
    /// GitHub webhook payloads name their event by the object they carry.
    static let githubEvents = [
        "check_run", "check_suite", "pull_request", "issue", "push", "workflow_job", "pages", "package",
        "registry_package", "repository_dispatch", "status", "star", "fork", "member", "label", "milestone",
    ]

    /// A phrase such as "a GitLab push event" or "a JSON object with the keys a, b, c", and the
    /// format closest to it when one nearly matches (a payload of that producer with fields missing).
    package static func describe(_ value: JSONValue) -> (looksLike: String, closest: InputFormat?) {
        guard case .object(let members) = value else {
            return ("a JSON \(value.typeName.split(separator: " ").last ?? "value") instead of an object", nil)
        }
        let keys = members.map(\.key)
        func has(_ k: String) -> Bool { keys.contains(k) }
        if let kind = value["object_kind"]?.stringValue {
            return ("a GitLab \(kind) event (Hindsight reads GitLab deployment, release and feature_flag events)", .gitlab)
        }
        if has("repository") && has("sender") {
            let event =
                githubEvents.first(where: has) ?? keys.first { !["action", "repository", "sender", "organization", "installation", "enterprise"].contains($0) }
            return ("a GitHub \(event ?? "repository") webhook (Hindsight reads deployment, deployment_status, release and workflow_run)", .github)
        }
        if let action = value["action"]?.stringValue, value["data"]?.objectValue != nil, has("installation") || has("actor") {
            return ("a Sentry '\(action)' webhook without an issue, event, error or metric alert", .sentry)
        }
        if let type = value["event"]?["event_type"]?.stringValue {
            return ("a PagerDuty v3 webhook of type '\(type)'", .pagerduty)
        }
        if has("alerts") { return ("an alert group without Alertmanager's version, groupKey or receiver", .alertmanager) }
        if has("specversion") || (has("type") && has("source") && has("id")) {
            return ("a CloudEvent missing specversion, type or source", .cloudevents)
        }
        if value["context"]?.objectValue != nil && has("subject") { return ("a CDEvent whose context.type is not dev.cdevents.*", .cdevents) }
        if value["kind"]?.stringValue == "Event" || has("involvedObject") || has("regarding") {
            return ("a Kubernetes Event without its reason or times", .kubernetes)
        }
        if has("alert") && has("action") { return ("an Opsgenie-like alert webhook without alert.alertId", .opsgenie) }
        if let kind = value["kind"]?.stringValue, value["apiVersion"] != nil {
            return ("a Kubernetes \(kind) object", nil)
        }
        let shown = keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", …" : "")
        return (keys.isEmpty ? "an empty JSON object" : "a JSON object with the keys \(shown)", nil)
    }

    /// What a non-JSON input looks like from its first bytes.
    package static func describe(firstLine: [UInt8]) -> String {
        let text = String(decoding: firstLine.prefix(200), as: UTF8.self).trimmingSpaces
        if text.hasPrefix("<") { return "XML or HTML" }
        if text.hasPrefix("---") || (try? Regex(#"^[A-Za-z_][\w.-]*:(\s|$)"#)).map({ text.prefixMatch(of: $0) != nil }) == true { return "YAML" }
        if text.contains(",") { return "CSV or text (name the file .csv for CSV)" }
        return "text, not JSON"
    }

    /// The formats Hindsight reads, for messages.
    package static var supported: String {
        "native JSON Lines/JSON/CSV, " + FormatRegistry.entries.map(\.format.rawValue).joined(separator: ", ")
    }
}
