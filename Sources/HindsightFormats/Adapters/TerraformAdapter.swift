import Hindsight

/// Reads HCP Terraform / Terraform Cloud (and Enterprise) run notifications, the generic webhook's
/// payload: a run applying is a `config` change started on the workspace, applied it succeeded, errored
/// it failed; all stages of one run share its id. Planning, plans with no changes, discarded or canceled
/// runs changed nothing and are skipped, as are verification and health-assessment notifications.
package struct TerraformAdapter: PayloadAdapter {
    package var format: InputFormat { .terraform }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a notification: its payload version, configuration and notifications.
    static func detects(_ v: JSONValue) -> Bool {
        v["payload_version"] != nil && v["notification_configuration_id"] != nil && (v["notifications"] != nil || v["trigger_scope"] != nil)
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        if let scope = try? p.string("trigger_scope") {
            return [.skipped(p.location, reason: "Terraform \(scope) notification (\(p["trigger"]?.stringValue ?? "")) reports no change made by a run")]
        }
        guard let notifications = p["notifications"]?.arrayValue else {
            return [.invalid(p.issue("notifications", "is missing; a Terraform run notification carries its notifications in an array"))]
        }
        return notifications.indices.map { i in notification(p.child("notifications[\(i)]")!, of: p) }
    }

    /// One notification of a run.
    func notification(_ n: Payload, of p: Payload) -> DecodedRecord {
        do {
            let trigger = try n.string("trigger") ?? ""
            guard trigger != "verification" else { return .skipped(p.location, reason: "Terraform verification notification checks the webhook") }
            let runStatus = try n.requiredString("run_status", "a Terraform run notification says the run's status")
            let status: String
            switch runStatus {
            case "applying": status = "started"
            case "applied": status = "succeeded"
            case "errored": status = "failed"
            default:
                return .skipped(
                    p.location, reason: "Terraform run status '\(runStatus)' applies no change (Hindsight reads applying, applied and errored runs)")
            }
            var d = EventDraft()
            d.set("kind", EventKind.config.rawValue)
            d.set("status", status)
            let at = try n.requiredInstant("run_updated_at", "a Terraform notification says when the run changed")
            d.set("time", at.text, from: n.fullPath("run_updated_at"))
            let run = try p.requiredString("run_id", "a Terraform run notification names its run")
            d.set("id", "terraform:\(run)")
            let workspace = try p.requiredString("workspace_name", "Hindsight names the service after the Terraform workspace")
            d.set("service", workspace, from: "workspace_name")
            d.set("version", run)
            let message = try p.string("run_message")?.trimmingSpaces
            d.set("summary", "terraform apply on \(workspace)\(message.map { ": \($0)" } ?? "")")
            d.set("url", try p.string("run_url"))
            d.set("actor", try n.string("run_updated_by") ?? p.string("run_created_by"))
            d.set("source", "terraform")
            if let org = try p.string("organization_name") { d.set("labels", json: .object([JSONMember(key: "organization", value: .string(org))])) }
            d.setAttributes([
                ("run_status", .string(runStatus)), ("trigger", .string(trigger)), ("message", n["message"]),
                ("workspace_id", p["workspace_id"]), ("run_created_at", p["run_created_at"]), ("error", n["error_message"]),
            ])
            return d.record(at: p.location, format: format)
        } catch {
            return .invalid(p.issue(from: error))
        }
    }
}
