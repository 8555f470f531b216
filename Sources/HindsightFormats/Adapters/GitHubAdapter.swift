import Hindsight

/// Reads GitHub webhooks (github.com and Enterprise): `deployment` and `deployment_status` as the
/// stages of one `deploy`, `release` as a `release`, and `workflow_run` of deploy workflows as a `deploy`.
package struct GitHubAdapter: PayloadAdapter {
    package var format: InputFormat { .github }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Deployment states and the change status each means; `inactive` is absent on purpose (skipped).
    static let statuses: [String: String] = [
        "success": "succeeded",
        "failure": "failed", "error": "failed",
        "pending": "started", "queued": "started", "in_progress": "started", "waiting": "started",
    ]

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            if p.isObject("deployment") || p.isObject("deployment_status") { return [try deployment(p)] }
            if p.isObject("release") { return [try release(p)] }
            if p.isObject("workflow_run") { return [try workflowRun(p)] }
            throw p.issue("deployment", "is missing; Hindsight reads GitHub deployment, deployment_status, release and workflow_run webhooks")
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// The repository (or `deployment.payload.service`) names the service.
    func service(_ p: Payload, _ d: inout EventDraft) throws {
        if let s = try p.string("deployment.payload.service") {
            d.set("service", s, from: "deployment.payload.service")
        } else {
            d.set(
                "service", try p.requiredString("repository.full_name", "Hindsight names the service after the repository"),
                from: "repository.full_name")
        }
    }

    /// A deployment and its statuses share the id `github:deployment:<deployment.id>`, so the store
    /// merges them into one change: created (started) … success or failure.
    func deployment(_ p: Payload) throws -> DecodedRecord {
        var d = EventDraft()
        let deployment = p.child("deployment")
        let state: String
        if let ds = p.child("deployment_status"), ds.value.objectValue != nil {
            state = try ds.requiredString("state", "a deployment status has a state such as success or failure")
            guard let status = Self.statuses[state] else {
                return .skipped(p.location, reason: "GitHub deployment state '\(state)' has no Hindsight meaning")
            }
            d.set("status", status)
            let at = try ds.requiredInstant("created_at", "a deployment status says when it was set")
            // The start is the deployment's creation; a status only brings the finish (or a later start).
            if status == "started" {
                d.set("time", try deployment?.instant("created_at")?.text ?? at.text, from: ds.fullPath("created_at"))
            } else if let start = try deployment?.instant("created_at"), start.time < at.time {
                d.set("time", start.text, from: deployment!.fullPath("created_at"))
                d.set("end", at.text, from: ds.fullPath("created_at"))
            } else {
                d.set("time", at.text, from: ds.fullPath("created_at"))
            }
            d.set("environment", try ds.string("environment") ?? deployment?.string("environment"))
            d.set("url", try ds.string("target_url") ?? ds.string("log_url") ?? ds.string("environment_url") ?? deployment?.string("url"))
        } else if let deployment {
            state = "created"
            d.set("status", "started")
            d.set(
                "time", try deployment.requiredInstant("created_at", "a deployment says when it was created").text,
                from: deployment.fullPath("created_at"))
            d.set("environment", try deployment.string("environment"))
            d.set("url", try deployment.string("url"))
        } else {
            throw p.issue("deployment", "is missing; a deployment_status webhook carries its deployment")
        }
        let id = try deployment?.text("id") ?? p.text("deployment_status.deployment_id")
        if let id { d.set("id", "github:deployment:\(id)") }
        var kind = EventKind.deploy
        if let k = try p.string("deployment.payload.kind").flatMap(EventKind.init(rawValue:)), k.isChange { kind = k }
        d.set("kind", kind.rawValue)
        try service(p, &d)
        let sha = try deployment?.string("sha")
        d.set("version", sha, from: deployment?.fullPath("sha"))
        d.set("actor", try deployment?.string("creator.login") ?? p.string("sender.login"))
        d.set("source", "github")
        let ref = try deployment?.string("ref") ?? sha.map { String($0.prefix(7)) } ?? "a deployment"
        let env = try p.string("deployment_status.environment") ?? deployment?.string("environment")
        d.set("summary", try deployment?.string("description") ?? "deploy \(ref)\(env.map { " to \($0)" } ?? "")")
        d.setAttributes([
            ("deployment_id", deployment?["id"]), ("ref", deployment?["ref"]), ("task", deployment?["task"]),
            ("state", .string(state)), ("status_description", p["deployment_status.description"]),
        ])
        return d.record(at: p.location, format: format)
    }

    /// A published release: the version (its tag) is made available.
    func release(_ p: Payload) throws -> DecodedRecord {
        let action = try p.string("action") ?? "published"
        guard ["published", "released", "prereleased"].contains(action) else {
            return .skipped(p.location, reason: "GitHub release action '\(action)' does not publish a release")
        }
        let r = p.child("release")!
        if r["draft"] == .bool(true) { return .skipped(p.location, reason: "GitHub draft releases are not published") }
        var d = EventDraft()
        d.set("kind", EventKind.release.rawValue)
        let at = try r.instant("published_at") ?? r.requiredInstant("created_at", "a release says when it was published")
        d.set("time", at.text, from: r.fullPath(r["published_at"] != nil ? "published_at" : "created_at"))
        if let id = try r.text("id") { d.set("id", "github:release:\(id)") }
        try service(p, &d)
        let tag = try r.requiredString("tag_name", "a release names its tag, which is the version")
        d.set("version", tag, from: r.fullPath("tag_name"))
        d.set("summary", "release \(try r.string("name") ?? tag)")
        d.set("url", try r.string("html_url"))
        d.set("actor", try r.string("author.login") ?? p.string("sender.login"))
        d.set("source", "github")
        d.setAttributes([("target_commitish", r["target_commitish"]), ("prerelease", r["prerelease"])])
        return d.record(at: p.location, format: format)
    }

    /// A run of a deploy workflow (by `AdapterOptions.deployWorkflowPattern`): requested and in
    /// progress are its start, completed its finish; all stages share `github:workflow_run:<id>:<attempt>`.
    func workflowRun(_ p: Payload) throws -> DecodedRecord {
        let run = p.child("workflow_run")!
        let name = try run.string("name") ?? p.string("workflow.name") ?? run.string("path") ?? ""
        guard options.isDeployWorkflow(name) else {
            return .skipped(p.location, reason: "GitHub workflow '\(name)' is not a deploy workflow (name pattern '\(options.deployWorkflowPattern)')")
        }
        var d = EventDraft()
        d.set("kind", EventKind.deploy.rawValue)
        let start = try run.instant("run_started_at") ?? run.requiredInstant("created_at", "a workflow run says when it started")
        d.set("time", start.text, from: run.fullPath(run["run_started_at"] != nil ? "run_started_at" : "created_at"))
        let status = try run.string("status") ?? p.string("action") ?? "completed"
        if status == "completed" {
            let conclusion = try run.string("conclusion") ?? "success"
            switch conclusion {
            case "success": d.set("status", "succeeded")
            case "failure", "timed_out", "cancelled", "startup_failure", "action_required": d.set("status", "failed")
            default: return .skipped(p.location, reason: "GitHub workflow run conclusion '\(conclusion)' is not a deploy outcome")
            }
            if let end = try run.instant("updated_at"), end.time > start.time { d.set("end", end.text, from: run.fullPath("updated_at")) }
        } else {
            d.set("status", "started")
        }
        if let id = try run.text("id") { d.set("id", "github:workflow_run:\(id):\(try run.text("run_attempt") ?? "1")") }
        try service(p, &d)
        d.set("version", try run.string("head_sha"), from: run.fullPath("head_sha"))
        d.set("summary", "\(name) on \(try run.string("head_branch") ?? "a branch")")
        d.set("url", try run.string("html_url"))
        d.set("actor", try run.string("triggering_actor.login") ?? run.string("actor.login") ?? p.string("sender.login"))
        d.set("source", "github")
        d.setAttributes([
            ("workflow", .string(name)), ("run_number", run["run_number"]), ("event", run["event"]),
            ("conclusion", run["conclusion"]),
        ])
        return d.record(at: p.location, format: format)
    }
}
