/// Says what an unrecognised payload looks like, naming its producer when its shape tells,
/// so that the one error it gets is useful.
package enum PayloadDescriber {
    /// What a payload looks like.
    package struct Description: Sendable, Equatable {
        /// "a GitLab pipeline event", "a JSON object with the keys a, b, c".
        package var looksLike: String
        /// The producer, when the shape names one whose payload this is (then the payload is not
        /// malformed: Hindsight does not read this kind of it yet).
        package var producer: String?
        /// What Hindsight reads of that producer, when it reads some of its payloads.
        package var reads: String?
        /// The format the payload nearly is (a payload of that format with fields missing): its reader
        /// says which field is missing.
        package var closest: InputFormat?
    }

    /// GitHub webhook payloads name their event by the object they carry.
    static let githubEvents = [
        "check_run", "check_suite", "pull_request", "issue", "push", "workflow_job", "pages", "package",
        "registry_package", "repository_dispatch", "status", "star", "fork", "member", "label", "milestone",
    ]

    /// Producers Hindsight has no reader for, by a shape only their payloads have.
    static let producers: [(name: String, matches: @Sendable (JSONValue, (String) -> Bool) -> String?)] = [
        (
            "UptimeRobot",
            { v, has in
                let monitor = ["monitorID", "monitorURL", "monitorFriendlyName", "monitor_url", "monitor_friendly_name"].contains(where: has)
                let alert = ["alertType", "alertTypeFriendlyName", "alert_type", "alert_type_friendly_name"].contains(where: has)
                return monitor && alert ? "an UptimeRobot monitor alert" : nil
            }
        ),
        ("Honeycomb", { v, has in has("trigger_description") || (has("result_url") && has("result_groups")) ? "a Honeycomb trigger notification" : nil }),
        (
            "Buildkite",
            { v, has in
                guard let event = v["event"]?.stringValue, has("build") || has("job") || event == "ping", has("pipeline") || has("sender") else { return nil }
                return "a Buildkite '\(event)' webhook"
            }
        ),
        ("Azure DevOps", { v, has in has("publisherId") ? "an Azure DevOps '\(v["eventType"]?.stringValue ?? "service hook")' event" : nil }),
        ("Azure Monitor", { v, _ in v["schemaId"]?.stringValue == "azureMonitorCommonAlertSchema" ? "an Azure Monitor alert (common alert schema)" : nil }),
        ("Amazon SNS", { v, has in has("TopicArn") && has("Type") ? "an Amazon SNS '\(v["Type"]?.stringValue ?? "")' message" : nil }),
        ("Amazon CloudWatch", { v, has in has("AlarmName") && has("NewStateValue") ? "an Amazon CloudWatch alarm notification" : nil }),
        (
            "Amazon EventBridge",
            { v, has in has("detail-type") && has("detail") ? "an Amazon EventBridge event of type '\(v["detail-type"]?.stringValue ?? "")'" : nil }
        ),
        ("Jira", { v, has in v["webhookEvent"]?.stringValue.map { "a Jira '\($0)' webhook" } }),
        ("Bitbucket", { v, has in has("repository") && has("actor") && !has("sender") ? "a Bitbucket webhook" : nil }),
        ("Bugsnag", { v, has in has("trigger") && has("error") && has("project") ? "a Bugsnag error notification" : nil }),
        ("Honeybadger", { v, has in has("fault") && has("event") ? "a Honeybadger notification" : nil }),
        ("incident.io", { v, _ in v["event_type"]?.stringValue?.hasPrefix("public_incident.") == true ? "an incident.io webhook" : nil }),
        ("Vercel", { v, has in v["type"]?.stringValue?.hasPrefix("deployment.") == true && has("payload") ? "a Vercel deployment webhook" : nil }),
        ("Netlify", { v, has in has("site_id") && has("deploy_time") ? "a Netlify deploy notification" : nil }),
        ("Heroku", { v, has in has("webhook_metadata") ? "a Heroku '\(v["resource"]?.stringValue ?? "app")' webhook" : nil }),
        ("Grafana OnCall", { v, has in has("alert_group") && has("event") ? "a Grafana OnCall webhook" : nil }),
        ("Dynatrace", { v, has in has("ProblemID") && has("ProblemTitle") ? "a Dynatrace problem notification" : nil }),
        (
            "New Relic",
            { v, has in has("current_state") && has("incident_id") && has("condition_name") ? "a New Relic legacy alert-channel webhook" : nil }
        ),
    ]

    /// What `value` looks like, and what Hindsight makes of the resemblance.
    package static func describe(_ value: JSONValue) -> Description {
        guard case .object(let members) = value else {
            return Description(looksLike: "a JSON \(value.typeName.split(separator: " ").last ?? "value") instead of an object")
        }
        let keys = members.map(\.key)
        func has(_ k: String) -> Bool { keys.contains(k) }
        if let kind = value["object_kind"]?.stringValue {
            return Description(looksLike: "a GitLab \(kind) event", producer: "GitLab", reads: "deployment, release and feature_flag events")
        }
        if has("repository") && has("sender") {
            let event =
                githubEvents.first(where: has) ?? keys.first { !["action", "repository", "sender", "organization", "installation", "enterprise"].contains($0) }
            return Description(
                looksLike: "a GitHub \(event ?? "repository") webhook", producer: "GitHub",
                reads: "deployment, deployment_status, release and workflow_run webhooks")
        }
        for producer in producers {
            if let phrase = producer.matches(value, has) {
                return Description(looksLike: phrase, producer: producer.name, reads: producer.name == "New Relic" ? "workflow webhooks" : nil)
            }
        }
        if let action = value["action"]?.stringValue, value["data"]?.objectValue != nil, has("installation") || has("actor") {
            return Description(looksLike: "a Sentry '\(action)' webhook without an issue, event, error or metric alert", closest: .sentry)
        }
        if let type = value["event"]?["event_type"]?.stringValue {
            return Description(looksLike: "a PagerDuty v3 webhook of type '\(type)'", closest: .pagerduty)
        }
        if has("alerts") { return Description(looksLike: "an alert group without Alertmanager's version, groupKey or receiver", closest: .alertmanager) }
        if has("specversion") || (has("type") && has("source") && has("id")) {
            return Description(looksLike: "a CloudEvent missing specversion, type or source", closest: .cloudevents)
        }
        if value["context"]?.objectValue != nil && has("subject") {
            return Description(looksLike: "a CDEvent whose context.type is not dev.cdevents.*", closest: .cdevents)
        }
        if value["kind"]?.stringValue == "Event" || has("involvedObject") || has("regarding") {
            return Description(looksLike: "a Kubernetes Event without its reason or times", closest: .kubernetes)
        }
        if has("alert") && has("action") { return Description(looksLike: "an Opsgenie-like alert webhook without alert.alertId", closest: .opsgenie) }
        if let kind = value["kind"]?.stringValue, value["apiVersion"] != nil {
            return Description(looksLike: "a Kubernetes \(kind) object", producer: "Kubernetes", reads: "Event objects")
        }
        let shown = keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", …" : "")
        return Description(looksLike: keys.isEmpty ? "an empty JSON object" : "a JSON object with the keys \(shown)")
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

    /// Where a user turns a payload Hindsight does not read into native events.
    package static let remedy =
        "map its fields to native events with a [[mapping]] table in hindsight.toml (docs/formats.md, \"Mapping other producers\"), "
        + "or send native events (EVENTS.md)"
}
