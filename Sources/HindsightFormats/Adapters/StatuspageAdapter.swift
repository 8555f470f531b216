import Hindsight

/// Reads Atlassian Statuspage webhooks: each update of a public incident (investigating, identified,
/// monitoring) is a `report` — the outside world told — at the update's time, on the first affected
/// component. Resolutions, post-mortems, scheduled maintenance and component status changes are skipped.
package struct StatuspageAdapter: PayloadAdapter {
    package var format: InputFormat { .statuspage }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a Statuspage notification: its page and an incident or component update.
    static func detects(_ v: JSONValue) -> Bool {
        v["page"]?["id"] != nil && (v["incident"]?.objectValue != nil || v["component_update"]?.objectValue != nil)
            && (v["meta"] != nil || v["page"]?["status_indicator"] != nil)
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            guard let incident = p.child("incident"), incident.value.objectValue != nil else {
                return [.skipped(p.location, reason: "Statuspage component status change is not an incident report")]
            }
            let status = try incident.requiredString("status", "a Statuspage incident has a status")
            guard ["investigating", "identified", "monitoring"].contains(status) else {
                return [
                    .skipped(
                        p.location,
                        reason: "Statuspage incident status '\(status)' is not a report of trouble (resolutions, post-mortems and maintenance are skipped)")
                ]
            }
            if try incident.string("scheduled_for") != nil {
                return [.skipped(p.location, reason: "Statuspage scheduled maintenance is not an incident report")]
            }
            // The update this notification is about: Statuspage lists them newest first.
            let update = incident.child("incident_updates[0]")
            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.report.rawValue)
            let timeSource = update != nil ? update! : incident
            let key = timeSource["display_at"] != nil ? "display_at" : "created_at"
            let at = try timeSource.requiredInstant(key, "a Statuspage incident update says when it was posted")
            d.set("time", at.text, from: timeSource.fullPath(key))
            let incidentID = try incident.requiredString("id", "a Statuspage incident has an id")
            d.set("id", "statuspage:\(incidentID):\(try update?.text("id") ?? at.time.rfc3339)")
            let component =
                try update?.string("affected_components[0].name") ?? incident.string("components[0].name")
            if let component {
                d.set("service", component, from: update?["affected_components[0].name"] != nil ? update?.fullPath("affected_components[0].name") : nil)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(
                    .warning(
                        incident.issue(
                            "components",
                            "is empty: the incident names no affected component; stored on the service '\(AdapterOptions.unknownService)'. "
                                + "Select the affected components when posting the incident")))
            }
            let name = try incident.string("name")
            let body = try update?.string("body")
            d.set("summary", [name, body].compactMap { $0 }.joined(separator: ": "))
            d.set("severity", try incident.string("impact_override") ?? incident.string("impact"))
            d.set("url", try incident.string("shortlink"))
            d.set("actor", "statuspage")
            d.set("source", "statuspage")
            d.setAttributes([
                ("status", .string(status)), ("incident", .string(incidentID)), ("page", p["page.id"]),
                ("components", incident["components"].map { .array(($0.arrayValue ?? []).compactMap { $0["name"] }) }),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
