import Hindsight

/// Reads GitHub `deployment` and `deployment_status` webhooks (github.com and Enterprise) as `deploy` events.
public struct GitHubAdapter: PayloadAdapter {
    public var format: InputFormat { .github }

    public init() {}

    /// Deployment states and the change status each means; `inactive` is absent on purpose (skipped).
    static let statuses: [String: String] = [
        "success": "succeeded",
        "failure": "failed", "error": "failed",
        "pending": "started", "queued": "started", "in_progress": "started", "waiting": "started",
    ]

    public func records(from p: Payload) -> [DecodedRecord] {
        do {
            var d = EventDraft()
            let deployment = p.child("deployment")
            let state: String
            if let ds = p.child("deployment_status"), ds.value.objectValue != nil {
                state = try ds.requiredString("state", "a deployment status has a state such as success or failure")
                guard let status = Self.statuses[state] else {
                    return [.skipped(p.location, reason: "GitHub deployment state '\(state)' has no Hindsight meaning")]
                }
                d.set("status", status)
                d.set("time", try ds.requiredInstant("created_at", "a deployment status says when it was set").text,
                      from: ds.fullPath("created_at"))
                if let id = try ds.text("id") { d.set("id", "github:deployment_status:\(id)") }
                d.set("environment", try ds.string("environment") ?? deployment?.string("environment"))
                d.set("url", try ds.string("target_url") ?? ds.string("log_url") ?? ds.string("environment_url")
                    ?? deployment?.string("url"))
                d.set("summary", try ds.string("description"))
            } else if let deployment, deployment.value.objectValue != nil {
                state = "created"
                d.set("status", "started")
                d.set("time", try deployment.requiredInstant("created_at", "a deployment says when it was created").text,
                      from: deployment.fullPath("created_at"))
                if let id = try deployment.text("id") { d.set("id", "github:deployment:\(id)") }
                d.set("environment", try deployment.string("environment"))
                d.set("url", try deployment.string("url"))
            } else {
                throw p.issue("deployment", "is missing; a GitHub deployment or deployment_status webhook carries the deployment")
            }

            // A deployment's free-form payload may name the service and kind when a repository deploys several.
            var kind = EventKind.deploy
            var service = try p.string("repository.full_name")
            var servicePath = "repository.full_name"
            if let deployment, deployment.isObject("payload") {
                if let s = try deployment.string("payload.service") {
                    service = s
                    servicePath = deployment.fullPath("payload.service")
                }
                if let k = try deployment.string("payload.kind").flatMap(EventKind.init(rawValue:)), k.isChange { kind = k }
            }
            guard let service else {
                throw p.issue("repository.full_name", "is missing; Hindsight names the service after the repository (or deployment.payload.service)")
            }
            d.set("kind", kind.rawValue)
            d.set("service", service, from: servicePath)
            let sha = try deployment?.string("sha")
            d.set("version", sha, from: deployment?.fullPath("sha"))
            d.set("actor", try p.string("sender.login") ?? p.string("deployment_status.creator.login")
                ?? deployment?.string("creator.login"))
            d.set("source", "github")
            if try p.string("deployment_status.description") == nil {
                let ref = try deployment?.string("ref") ?? sha.map { String($0.prefix(7)) } ?? "a deployment"
                let env = try p.string("deployment_status.environment") ?? deployment?.string("environment")
                d.set("summary", "deploy \(ref)\(env.map { " to \($0)" } ?? ""): \(state)")
            }
            d.setAttributes([
                ("deployment_id", deployment?["id"]),
                ("ref", deployment?["ref"]),
                ("task", deployment?["task"]),
                ("state", .string(state)),
                ("description", deployment?["description"]),
            ])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
