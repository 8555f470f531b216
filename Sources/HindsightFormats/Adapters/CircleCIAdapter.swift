import Hindsight

/// Reads CircleCI webhooks: `workflow-completed` of a deploy workflow (its name matching the deploy
/// pattern) is a `deploy` from the workflow's creation to its stop; `job-completed` of a deploy job in
/// a workflow that is not itself a deploy workflow is the same for the job. Other workflows and jobs,
/// and pings, are skipped.
package struct CircleCIAdapter: PayloadAdapter {
    package var format: InputFormat { .circleci }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a CircleCI webhook: its event type, id and time, and the project or webhook it is about.
    static func detects(_ v: JSONValue) -> Bool {
        guard let type = v["type"]?.stringValue, ["workflow-completed", "job-completed", "ping"].contains(type) else { return false }
        return v["happened_at"] != nil && (v["webhook"]?.objectValue != nil || v["project"]?.objectValue != nil)
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let type = try p.requiredString("type", "a CircleCI webhook names its type")
            let workflow = try p.string("workflow.name") ?? ""
            let run: Payload
            let what: String
            switch type {
            case "workflow-completed":
                guard options.isDeployWorkflow(workflow) else {
                    return [.skipped(p.location, reason: "CircleCI workflow '\(workflow)' is not a deploy workflow (github.deploy_workflows)")]
                }
                run = try p.requiredChild("workflow", "a workflow-completed webhook carries its workflow")
                what = "workflow"
            case "job-completed":
                let job = try p.string("job.name") ?? ""
                if options.isDeployWorkflow(workflow) {
                    return [
                        .skipped(
                            p.location, reason: "CircleCI job '\(job)' belongs to deploy workflow '\(workflow)', whose workflow-completed event is the deploy")
                    ]
                }
                guard options.isDeployWorkflow(job) else {
                    return [.skipped(p.location, reason: "CircleCI job '\(job)' is not a deploy job (github.deploy_workflows)")]
                }
                run = try p.requiredChild("job", "a job-completed webhook describes its job")
                what = "job"
            default:
                return [.skipped(p.location, reason: "CircleCI '\(type)' event reports no deploy")]
            }
            let state = try run.requiredString("status", "a completed CircleCI \(what) says how it ended")
            let status: String
            switch state {
            case "success": status = "succeeded"
            case "failed", "error", "failing", "canceled", "unauthorized", "infrastructure_fail", "timedout", "terminated-unknown": status = "failed"
            default: return [.skipped(p.location, reason: "CircleCI \(what) status '\(state)' did not run the deploy")]
            }
            var d = EventDraft()
            d.set("kind", EventKind.deploy.rawValue)
            d.set("status", status)
            let startKey = what == "job" ? "started_at" : "created_at"
            let start = try run.requiredInstant(startKey, "a CircleCI \(what) says when it started")
            d.set("time", start.text, from: run.fullPath(startKey))
            if let stop = try run.instant("stopped_at"), stop.time > start.time { d.set("end", stop.text, from: run.fullPath("stopped_at")) }
            let runID = try run.requiredString("id", "a CircleCI \(what) has an id")
            d.set("id", "circleci:\(what):\(runID)")
            let project = try p.requiredString("project.name", "Hindsight names the service after the CircleCI project")
            d.set("service", project, from: "project.name")
            let git = p.child("pipeline.trigger_parameters.git")
            d.set("version", try p.string("pipeline.vcs.revision") ?? git?.string("checkout_sha"))
            let ref = try p.string("pipeline.vcs.branch") ?? p.string("pipeline.vcs.tag") ?? git?.string("branch") ?? git?.string("tag")
            let name = what == "job" ? try run.string("name") ?? "" : workflow
            d.set("summary", "\(name)\(ref.map { " on \($0)" } ?? "")")
            d.set("url", try p.string("workflow.url"))
            d.set(
                "actor",
                try p.string("pipeline.trigger_parameters.gitlab.user_username") ?? p.string("pipeline.vcs.commit.author.name"))
            d.set("source", "circleci")
            d.setAttributes([
                ("status", .string(state)), ("workflow", .string(workflow)), ("pipeline", p["pipeline.number"]),
                ("trigger", p["pipeline.trigger.type"]), ("organization", p["organization.name"]), ("job_number", what == "job" ? run["number"] : nil),
            ])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
