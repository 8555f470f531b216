import Hindsight

/// Settings of the ecosystem adapters that a user may need to change for their conventions
/// (from `hindsight.toml`, `ingest` flags, or the server).
package struct AdapterOptions: Sendable, Equatable {
    /// The ordered rules that name an alert's service from its labels; the first that matches wins.
    package var serviceRules: [ServiceRule]
    /// PagerDuty routing (integration) keys → the service their events are about.
    package var routingKeys: [String: String]
    /// Rollbar project ids → the service their items are about (Rollbar's webhooks name no project).
    package var rollbarProjects: [String: String] = [:]
    /// The user's readings of producers Hindsight has no reader for (`[[mapping]]`), tried before the built-in formats.
    package var mappings: [Mapping] = []
    /// GitHub workflow runs (and CDEvents pipeline runs) whose name matches this regular expression
    /// are deploys; others are skipped. Case-insensitive.
    package var deployWorkflowPattern: String
    /// When the payload was received (the server's receipt time, or `ingest --received-at`): the time
    /// of events whose producer sends none (PagerDuty without `payload.timestamp`, CloudEvents without
    /// `time`, GitLab feature flags). `nil`: such events are invalid, with the reason.
    package var receivedAt: Timestamp?

    package static let defaultServiceRules: [ServiceRule] = [
        .label("service"), .label("app"), .label("app.kubernetes.io/name"), .label("job"),
        .label("namespace"), .label("grafana_folder"), .hostOf("instance"), .hostOf("host"),
    ]
    package static let defaultDeployWorkflowPattern = "deploy|release|rollout|promote|ship"
    /// The service of an event whose payload names none by any rule.
    package static let unknownService = "unknown"

    package init(
        serviceRules: [ServiceRule] = AdapterOptions.defaultServiceRules, routingKeys: [String: String] = [:],
        deployWorkflowPattern: String = AdapterOptions.defaultDeployWorkflowPattern, receivedAt: Timestamp? = nil
    ) {
        self.serviceRules = serviceRules.isEmpty ? Self.defaultServiceRules : serviceRules
        self.routingKeys = routingKeys
        self.deployWorkflowPattern = deployWorkflowPattern
        self.receivedAt = receivedAt
    }

    /// Rules from label names as a user writes them (`app`, `instance:host`).
    package init(serviceLabels: [String]) {
        self.init(serviceRules: serviceLabels.map(ServiceRule.init(parsing:)))
    }

    /// Whether `name` is a deploy workflow or pipeline by `deployWorkflowPattern`.
    package func isDeployWorkflow(_ name: String) -> Bool {
        guard let regex = try? Regex(deployWorkflowPattern).ignoresCase() else { return false }
        return name.contains(regex)
    }
}
