import Hindsight

/// Reads GitLab webhooks: deployment events (the stages of one `deploy`), release events (a `release`
/// of the tag) and feature-flag events (a flag switched on or off is a `release`, the flag as `version`).
package struct GitLabAdapter: PayloadAdapter {
    package var format: InputFormat { .gitlab }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let kind = try p.requiredString("object_kind", "a GitLab webhook names its object_kind")
            switch kind {
            case "deployment": return [try deployment(p)]
            case "release": return [try release(p)]
            case "feature_flag": return [try featureFlag(p)]
            default:
                throw p.issue(
                    "object_kind",
                    "is '\(kind)': Hindsight does not read GitLab \(kind) events yet (it reads deployment, release and feature_flag events); "
                        + PayloadDescriber.remedy)
            }
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    func project(_ p: Payload, _ d: inout EventDraft) throws {
        d.set(
            "service", try p.requiredString("project.path_with_namespace", "Hindsight names the service after the project"),
            from: "project.path_with_namespace")
        d.set("source", "gitlab")
    }

    /// Deployment status: created/running are the start, success the finish, failed/canceled a failure.
    /// All stages share `gitlab:deployment:<project id>:<deployment_id>`, so the store merges them.
    func deployment(_ p: Payload) throws -> DecodedRecord {
        let state = try p.requiredString("status", "a deployment event has a status")
        let status: String
        switch state {
        case "created", "running", "blocked": status = "started"
        case "success": status = "succeeded"
        case "failed", "canceled": status = "failed"
        default: return .skipped(p.location, reason: "GitLab deployment status '\(state)' has no Hindsight meaning")
        }
        var d = EventDraft()
        d.set("kind", EventKind.deploy.rawValue)
        d.set("status", status)
        guard let at = try p.spacedInstant("status_changed_at") else {
            throw p.issue("status_changed_at", "is missing; a deployment event says when its status changed (Hindsight never guesses when something happened)")
        }
        d.set("time", at.text, from: "status_changed_at")
        let deploymentID = try p.text("deployment_id")
        if let deploymentID { d.set("id", "gitlab:deployment:\(try p.text("project.id") ?? "-"):\(deploymentID)") }
        try project(p, &d)
        d.set("environment", try p.string("environment"), from: "environment")
        // The commit URL ends with the full SHA; short_sha is its prefix.
        let sha = try p.string("commit_url").flatMap { $0.split(separator: "/").last.map(String.init) } ?? p.string("short_sha")
        d.set("version", sha)
        let ref = try p.string("ref")
        d.set("summary", "deploy \(ref ?? sha ?? "a commit")\(try p.string("environment").map { " to \($0)" } ?? "")")
        d.set("url", try p.string("deployable_url") ?? p.string("commit_url"))
        d.set("actor", try p.string("user.username") ?? p.string("user.name"))
        d.setAttributes([
            ("ref", p["ref"]), ("status", .string(state)), ("commit_title", p["commit_title"]),
            ("environment_url", p["environment_external_url"]),
        ])
        return d.record(at: p.location, format: format)
    }

    /// A release created for a tag: the version is made available. Updates and deletions are skipped.
    func release(_ p: Payload) throws -> DecodedRecord {
        let action = try p.string("action") ?? "create"
        guard action == "create" else { return .skipped(p.location, reason: "GitLab release action '\(action)' does not publish a release") }
        var d = EventDraft()
        d.set("kind", EventKind.release.rawValue)
        let path = p["released_at"] != nil ? "released_at" : "created_at"
        guard let at = try p.spacedInstant(path) else {
            throw p.issue("released_at", "is missing; a release says when it was released (Hindsight never guesses when something happened)")
        }
        d.set("time", at.text, from: path)
        let tag = try p.requiredString("tag", "a release names its tag, which is the version")
        d.set("id", "gitlab:release:\(try p.text("project.id") ?? "-"):\(tag)")
        try project(p, &d)
        d.set("version", tag, from: "tag")
        d.set("summary", "release \(try p.string("name") ?? tag)")
        d.set("url", try p.string("url"))
        d.set("actor", try p.string("commit.author.name"))
        d.setAttributes([("commit", p["commit.id"]), ("description", p["description"])])
        return d.record(at: p.location, format: format)
    }

    /// A flag switched on or off. GitLab sends no time with it: the receipt time is used (noted in
    /// `attributes.time_source`), or the event is invalid with the reason.
    func featureFlag(_ p: Payload) throws -> DecodedRecord {
        guard let received = options.receivedAt else {
            throw p.timeMissing(nil, "GitLab feature-flag events carry no time")
        }
        let name = try p.requiredString("object_attributes.name", "a feature-flag event names the flag")
        let active = p["object_attributes.active"] == .bool(true)
        var d = EventDraft()
        d.set("kind", EventKind.release.rawValue)
        d.set("time", received.rfc3339)
        d.set(
            "id",
            "gitlab:feature_flag:\(try p.text("project.id") ?? "-"):\(try p.text("object_attributes.id") ?? name):\(active ? "on" : "off"):\(received.rfc3339)")
        try project(p, &d)
        d.set("version", name, from: "object_attributes.name")
        d.set("summary", "feature flag \(name) switched \(active ? "on" : "off")")
        d.set("actor", try p.string("user.username") ?? p.string("user.name"))
        d.set("url", try p.string("project.web_url"))
        d.setAttributes([("active", .bool(active)), ("description", p["object_attributes.description"]), ("time_source", .string("received"))])
        return d.record(at: p.location, format: format)
    }
}
