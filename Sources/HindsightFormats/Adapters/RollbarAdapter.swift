import Hindsight

/// Reads Rollbar item webhooks: a new item is a `crash` at its first occurrence, a reactivated item (it
/// came back after being resolved) a `crash` at its reactivation, each with the code version the
/// occurrence ran. Resolved, reopened, repeat-count, velocity and per-occurrence notifications are skipped.
package struct RollbarAdapter: PayloadAdapter {
    package var format: InputFormat { .rollbar }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a Rollbar webhook: an event name and its data.
    static func detects(_ v: JSONValue) -> Bool {
        v["event_name"]?.stringValue != nil && v["data"]?.objectValue != nil
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let name = try p.requiredString("event_name", "a Rollbar webhook names its event")
            let timeKey: String
            switch name {
            case "new_item": timeKey = "first_occurrence_timestamp"
            case "reactivated_item": timeKey = "last_activated_timestamp"
            default: return [.skipped(p.location, reason: "Rollbar \(name) notification is not a new or reactivated item")]
            }
            guard let item = p.child("data.item"), item.value.objectValue != nil else {
                throw p.issue("data.item", "is missing; a Rollbar \(name) webhook describes its item")
            }
            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.crash.rawValue)
            let key = item[timeKey] != nil ? timeKey : "last_occurrence_timestamp"
            guard let at = try item.flexibleInstant(key) else {
                throw item.issue(timeKey, "is missing; a Rollbar item says when it occurred (Hindsight never guesses when something happened)")
            }
            d.set("time", at.text, from: item.fullPath(key))
            let itemID = try item.text("id")
            if let itemID { d.set("id", "rollbar:\(itemID):\(name):\(at.time.rfc3339)") }
            let project = try item.text("project_id")
            if let project, let service = options.rollbarProjects[project] {
                d.set("service", service)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(
                    .warning(
                        item.issue(
                            "project_id",
                            "is \(project.map { "'\($0)'" } ?? "missing"), which names no service; stored on the service '\(AdapterOptions.unknownService)'. "
                                + "Map it under [rollbar.projects] in hindsight.toml: \"\(project ?? "PROJECT_ID")\" = \"SERVICE\"")))
            }
            let occurrence = item.child("last_occurrence")
            d.set("environment", try item.string("environment") ?? occurrence?.string("environment"))
            let version =
                try occurrence?.string("code_version") ?? occurrence?.string("client.javascript.code_version")
                ?? occurrence?.string("server.code_version") ?? occurrence?.string("server.sha")
            d.set("version", version, from: occurrence?.fullPath("code_version"))
            d.set("host", try occurrence?.string("server.host"))
            d.set("summary", try item.string("title"))
            d.set("severity", try occurrence?.string("level"))
            if name == "new_item", let n = item["total_occurrences"]?.intValue, n > 1 { d.set("count", json: .number(String(n))) }
            d.set("url", try p.string("data.url"))
            d.set("source", "rollbar")
            d.setAttributes([
                ("event", .string(name)), ("counter", item["counter"]), ("project_id", item["project_id"]),
                ("occurrences", item["total_occurrences"]), ("language", occurrence?["language"]), ("framework", occurrence?["framework"]),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
