import Hindsight

/// Reads Sentry integration-platform webhooks as `crash` events: issue webhooks (`data.issue`),
/// issue-alert webhooks (`data.event`) and error webhooks (`data.error`); metric-alert webhooks as `alert`s.
package struct SentryAdapter: PayloadAdapter {
    package var format: InputFormat { .sentry }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            // The legacy webhooks plugin posts the issue's project, level, message and URL around its event.
            if p["action"] == nil, let event = p.child("event"), event.value.objectValue != nil, let project = try p.string("project_slug") {
                return [try self.event(event, legacy: (project, try p.string("message"), try p.string("url")))]
            }
            let action = try p.requiredString("action", "a Sentry webhook names its action")
            if let issue = p.child("data.issue"), issue.value.objectValue != nil {
                return [try self.issue(issue, action: action)]
            }
            if let event = p.child("data.event") ?? p.child("data.error"), event.value.objectValue != nil {
                return [try self.event(event)]
            }
            if let alert = p.child("data.metric_alert"), alert.value.objectValue != nil {
                return [try metricAlert(alert, action: action, in: p)]
            }
            throw p.issue("data", "has no issue, event or error object; Hindsight reads Sentry issue, issue-alert and error webhooks")
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// An issue webhook: a new issue is a crash window from first to last seen; an issue that
    /// comes back (`unresolved`) is a crash at its last sighting. Triage actions are skipped.
    func issue(_ i: Payload, action: String) throws -> DecodedRecord {
        var d = EventDraft()
        let at: (text: String, time: Timestamp)
        switch action {
        case "created":
            at = try i.requiredInstant("firstSeen", "a new Sentry issue says when it was first seen")
            d.set("time", at.text, from: i.fullPath("firstSeen"))
            if let last = try i.instant("lastSeen"), last.time != at.time { d.set("end", last.text, from: i.fullPath("lastSeen")) }
            d.set("count", json: try count(i, "count"), from: i.fullPath("count"))
            d.set("version", try release(i, "firstRelease"), from: i.fullPath("firstRelease"))
        case "unresolved":
            at = try i.requiredInstant("lastSeen", "an issue that came back says when it was last seen")
            d.set("time", at.text, from: i.fullPath("lastSeen"))
            d.set("version", try release(i, "lastRelease"), from: i.fullPath("lastRelease"))
        default:
            return .skipped(i.location, reason: "Sentry issue action '\(action)' is triage, not a crash")
        }
        d.set("kind", EventKind.crash.rawValue)
        if let id = try i.text("id") { d.set("id", "sentry:issue:\(id):\(action):\(at.time.rfc3339)") }
        d.set(
            "service", try i.requiredString("project.slug", "Hindsight names the service after the Sentry project"),
            from: i.fullPath("project.slug"))
        d.set("summary", try i.string("title"))
        d.set("severity", try i.string("level"))
        d.set("url", try i.string("web_url") ?? i.string("permalink"))
        d.set("source", "sentry")
        d.setAttributes([
            ("shortId", i["shortId"]), ("culprit", i["culprit"]), ("userCount", i["userCount"]),
            ("substatus", i["substatus"]), ("platform", i["platform"]),
            ("count", action == "created" ? nil : i["count"]),
        ])
        return d.record(at: i.location, format: format)
    }

    /// The event of an issue alert or error webhook: one crash where and when it happened.
    /// `legacy`: the project, message and issue URL the legacy webhooks plugin posts around the event.
    func event(_ e: Payload, legacy: (project: String, message: String?, url: String?)? = nil) throws -> DecodedRecord {
        var d = EventDraft()
        d.set("kind", EventKind.crash.rawValue)
        if let t = try e.instant("datetime") {
            d.set("time", t.text, from: e.fullPath("datetime"))
        } else if let seconds = e["timestamp"]?.doubleValue {
            d.set("time", Timestamp(milliseconds: Int64((seconds * 1000).rounded(.down))).rfc3339, from: e.fullPath("timestamp"))
        } else {
            throw e.issue("datetime", "is missing; a Sentry event says when it happened (Hindsight never guesses when something happened)")
        }
        if let id = try e.text("event_id") { d.set("id", "sentry:event:\(id)") }
        guard let project = try legacy?.project ?? e.string("project_slug") ?? Self.projectSlug(fromAPIURL: e.string("url")) else {
            throw e.issue("url", "does not name the Sentry project (expected …/projects/ORG/PROJECT/events/…); Hindsight names the service after it")
        }
        d.set("service", project)
        var tags: [JSONMember] = []
        for tag in e["tags"]?.arrayValue ?? [] {
            guard let pair = tag.arrayValue, pair.count == 2, let k = pair[0].stringValue, let v = pair[1].stringValue,
                !tags.contains(where: { $0.key == k })
            else { continue }
            tags.append(JSONMember(key: k, value: .string(v)))
        }
        func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value.stringValue }
        d.set("version", try e.string("release") ?? tag("release"), from: e.fullPath("release"))
        d.set("environment", try e.string("environment") ?? tag("environment"), from: e.fullPath("environment"))
        d.set("host", try e.string("server_name") ?? tag("server_name"))
        d.set("summary", try e.string("title") ?? e.string("message") ?? e.string("logentry.formatted") ?? legacy?.message)
        d.set("severity", try e.string("level"))
        d.set("url", try e.string("web_url") ?? legacy?.url)
        d.set("source", "sentry")
        if !tags.isEmpty { d.set("labels", json: .object(tags), from: e.fullPath("tags")) }
        d.setAttributes([("issue_id", e["issue_id"]), ("culprit", e["culprit"]), ("platform", e["platform"])])
        return d.record(at: e.location, format: format)
    }

    /// A metric alert: `critical`/`warning` fire at `date_started`; `resolved` keeps that start in
    /// `time` with `date_closed` as its `end` (when Sentry says). Its project is the service.
    func metricAlert(_ m: Payload, action: String, in p: Payload) throws -> DecodedRecord {
        let status: String
        switch action {
        case "critical", "warning": status = "firing"
        case "resolved": status = "resolved"
        default: return .skipped(p.location, reason: "Sentry metric alert action '\(action)' is not an alert state")
        }
        var d = EventDraft()
        d.set("kind", EventKind.alert.rawValue)
        d.set("status", status)
        let start = try m.instant("date_started") ?? m.requiredInstant("date_detected", "a metric alert says when it started")
        d.set("time", start.text, from: m.fullPath("date_started"))
        if status == "resolved", let closed = try m.instant("date_closed"), closed.time > start.time {
            d.set("end", closed.text, from: m.fullPath("date_closed"))
        }
        if let id = try m.text("id") { d.set("id", "sentry:metric_alert:\(id):\(action)") }
        let project = m["projects"]?.arrayValue?.first?.stringValue ?? m["alert_rule.projects"]?.arrayValue?.first?.stringValue
        guard let project else { throw m.issue("projects", "is missing or empty; Hindsight names the service after the Sentry project") }
        d.set("service", project)
        d.set("environment", try m.string("alert_rule.environment"))
        d.set("summary", try p.string("data.description_title") ?? m.string("alert_rule.name") ?? m.string("title"))
        d.set("severity", action == "resolved" ? nil : action)
        d.set("url", try p.string("data.web_url"))
        d.set("source", "sentry")
        d.setAttributes([("rule", m["alert_rule.name"]), ("description", p["data.description_text"]), ("aggregate", m["alert_rule.aggregate"])])
        return d.record(at: p.location, format: format)
    }

    /// An issue's `count`, which Sentry sends as a string of digits.
    func count(_ i: Payload, _ key: String) throws -> JSONValue? {
        guard let text = try i.text(key) else { return nil }
        guard Int(text) != nil else { throw i.issue(key, "is '\(text)'; it must be a whole number of occurrences") }
        return .number(text)
    }

    /// A release given as its version string or as an object with a `version`.
    func release(_ i: Payload, _ key: String) throws -> String? {
        if case .object = i[key] { return try i.string("\(key).version") }
        return try i.string(key)
    }

    /// `https://sentry.io/api/0/projects/ORG/PROJECT/events/ID/` → `PROJECT`.
    static func projectSlug(fromAPIURL url: String?) -> String? {
        guard let url else { return nil }
        let parts = url.split(separator: "/")
        guard let i = parts.firstIndex(of: "projects"), i + 2 < parts.count else { return nil }
        return String(parts[i + 2])
    }
}
