import Hindsight

/// Reads Opsgenie alert webhooks: `Create` is an `alert` firing at the alert's creation, `Close`
/// the same alert resolved (its creation in `time`, the close in `end`); responders' actions
/// (acknowledge, notes, assignments, …) are skipped.
package struct OpsgenieAdapter: PayloadAdapter {
    package var format: InputFormat { .opsgenie }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let action = try p.requiredString("action", "an Opsgenie webhook names its action")
            let status: String
            switch action {
            case "Create": status = "firing"
            case "Close": status = "resolved"
            default: return [.skipped(p.location, reason: "Opsgenie action '\(action)' is a responder's action, not an alert state")]
            }
            let a = try p.requiredChild("alert", "an Opsgenie webhook carries its alert")
            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.alert.rawValue)
            d.set("status", status)
            guard let created = try a.epochInstant("createdAt") else {
                throw a.issue("createdAt", "is missing; an Opsgenie alert says when it was created (Hindsight never guesses when something happened)")
            }
            d.set("time", created.rfc3339, from: a.fullPath("createdAt"))
            if status == "resolved", let closed = try a.epochInstant("updatedAt"), closed > created {
                d.set("end", closed.rfc3339, from: a.fullPath("updatedAt"))
            }
            let alertID = try a.requiredString("alertId", "an Opsgenie alert has an id")
            d.set("id", "opsgenie:\(alertID):\(status)")
            // The service: details.service, else the entity, else the first team.
            if let s = try a.string("details.service") ?? a.string("entity") ?? a["teams"]?.arrayValue?.first?.stringValue {
                d.set("service", s)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(
                    .warning(
                        a.issue(
                            "entity",
                            "is empty, and the alert has no details.service or team; stored on the service "
                                + "'\(AdapterOptions.unknownService)'. Set the alert's entity (or a 'service' detail) in the Opsgenie integration")))
            }
            d.set("summary", try a.string("message"))
            if let priority = try a.text("priority") { d.set("severity", priority.hasPrefix("P") ? priority : "P\(priority)") }
            d.set("host", try a.string("details.host"))
            d.set("actor", try a.string("username"))
            d.set("source", "opsgenie")
            d.setAttributes([
                ("tinyId", a["tinyId"]), ("alias", a["alias"]), ("tags", a["tags"]), ("origin", a["source"]),
                ("integration", p["integrationName"]),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
