import Hindsight

/// The one list of ecosystem formats: each one's name, what it reads, how `auto` recognises it
/// and its adapter. `ingest --format` and the server's `/v1/hooks/{format}` both enumerate it.
package enum FormatRegistry {
    /// One ecosystem format.
    package struct Entry: Sendable {
        package let format: InputFormat
        /// What the format covers, for help texts and error messages.
        package let summary: String
        /// Whether a parsed payload has this format's shape.
        package let detects: @Sendable (JSONValue) -> Bool
        /// The adapter, configured by the options.
        package let adapter: @Sendable (AdapterOptions) -> any PayloadAdapter
    }

    /// The ecosystem formats in detection order (the first whose shape matches wins).
    package static let entries: [Entry] = [
        Entry(
            format: .cdevents, summary: "CDEvents (0.3 to 0.5)",
            detects: { v in
                v["context"]?["type"]?.stringValue?.hasPrefix("dev.cdevents.") == true && v["subject"]?.objectValue != nil
            }, adapter: { o in CDEventsAdapter(options: o) }),
        Entry(
            format: .cloudevents, summary: "CloudEvents 1.0 (structured JSON, batches)",
            detects: { v in
                v["specversion"]?.stringValue != nil && v["type"]?.stringValue != nil && v["source"]?.stringValue != nil
            }, adapter: { o in CloudEventsAdapter(options: o) }),
        Entry(
            format: .alertmanager, summary: "Alertmanager and Grafana alert webhooks (Grafana's legacy alerts too)",
            detects: { v in
                if v["alerts"]?.arrayValue != nil && (has(v, "version") || has(v, "groupKey") || has(v, "receiver")) { return true }
                return v["ruleName"]?.stringValue != nil && v["state"]?.stringValue != nil && (has(v, "evalMatches") || has(v, "ruleUrl"))
            }, adapter: { o in AlertmanagerAdapter(options: o) }),
        Entry(
            format: .github, summary: "GitHub deployment, deployment_status, release and workflow_run webhooks",
            detects: { v in
                v["deployment"]?.objectValue != nil || v["deployment_status"]?.objectValue != nil
                    || (v["repository"]?.objectValue != nil && (v["release"]?.objectValue != nil || v["workflow_run"]?.objectValue != nil))
            }, adapter: { o in GitHubAdapter(options: o) }),
        Entry(
            format: .gitlab, summary: "GitLab deployment, release and feature-flag webhooks",
            detects: { v in
                ["deployment", "release", "feature_flag"].contains(v["object_kind"]?.stringValue ?? "")
            }, adapter: { o in GitLabAdapter(options: o) }),
        Entry(
            format: .argocd, summary: "Argo CD notifications carrying the Application",
            detects: { v in
                ArgoCDAdapter.application(in: v) != nil
            }, adapter: { o in ArgoCDAdapter(options: o) }),
        Entry(
            format: .flux, summary: "Flux notification-controller events",
            detects: { v in
                v["involvedObject"]?.objectValue != nil && v["reportingController"]?.stringValue != nil
                    && v["timestamp"]?.stringValue != nil && v["firstTimestamp"] == nil
            }, adapter: { o in FluxAdapter(options: o) }),
        Entry(
            format: .kubernetes, summary: "Kubernetes Event objects (core/v1, events.k8s.io/v1)",
            detects: { v in
                KubernetesEventAdapter.isEventOrList(v)
            }, adapter: { o in KubernetesEventAdapter(options: o) }),
        Entry(
            format: .launchdarkly, summary: "LaunchDarkly audit-log webhooks (flag changes)",
            detects: { v in
                v["accesses"]?.arrayValue != nil && v["_links"]?.objectValue != nil && v["kind"]?.stringValue != nil
            }, adapter: { o in LaunchDarklyAdapter(options: o) }),
        Entry(
            format: .unleash, summary: "Unleash webhook events and admin events-API responses (flag changes)",
            detects: { v in
                UnleashAdapter.isEvent(v) || UnleashAdapter.isEventList(v)
            }, adapter: { o in UnleashAdapter(options: o) }),
        Entry(
            format: .opsgenie, summary: "Opsgenie alert webhooks",
            detects: { v in
                v["alert"]?["alertId"] != nil && v["action"]?.stringValue != nil
            }, adapter: { o in OpsgenieAdapter(options: o) }),
        Entry(
            format: .pagerduty, summary: "PagerDuty Events API v1/v2 bodies, v2 and v3 webhooks",
            detects: { v in
                if v["event"]?["event_type"]?.stringValue != nil && v["event"]?["resource_type"] != nil { return true }
                if v["messages"]?.arrayValue?.first?["event"]?.stringValue?.hasPrefix("incident.") == true { return true }
                if has(v, "routing_key") || has(v, "event_action") || has(v, "service_key") { return true }
                return v["payload"]?["summary"] != nil && v["payload"]?["source"] != nil
            }, adapter: { o in PagerDutyAdapter(options: o) }),
        Entry(
            format: .sentry, summary: "Sentry issue, event, error and metric-alert webhooks (and the legacy plugin's)",
            detects: { v in
                if v["project_slug"]?.stringValue != nil, v["event"]?["event_id"] != nil, v["action"] == nil { return true }
                guard v["action"]?.stringValue != nil, let data = v["data"], data.objectValue != nil else { return false }
                return data["issue"] != nil || data["event"] != nil || data["error"] != nil || data["metric_alert"] != nil
            }, adapter: { o in SentryAdapter(options: o) }),
        Entry(
            format: .datadog, summary: "Datadog monitor notifications (Webhooks integration)", detects: DatadogAdapter.detects,
            adapter: { o in DatadogAdapter(options: o) }),
        Entry(
            format: .newrelic, summary: "New Relic workflow webhooks (issues activated and closed)", detects: NewRelicAdapter.detects,
            adapter: { o in NewRelicAdapter(options: o) }),
        Entry(
            format: .jenkins, summary: "Jenkins Notification plugin job status (deploy jobs)", detects: JenkinsAdapter.detects,
            adapter: { o in JenkinsAdapter(options: o) }),
        Entry(
            format: .terraform, summary: "HCP Terraform / Terraform Cloud and Enterprise run notifications", detects: TerraformAdapter.detects,
            adapter: { o in TerraformAdapter(options: o) }),
        Entry(
            format: .circleci, summary: "CircleCI workflow-completed and job-completed webhooks (deploys)", detects: CircleCIAdapter.detects,
            adapter: { o in CircleCIAdapter(options: o) }),
        Entry(
            format: .rollbar, summary: "Rollbar item webhooks (new and reactivated items)", detects: RollbarAdapter.detects,
            adapter: { o in RollbarAdapter(options: o) }),
        Entry(
            format: .statuspage, summary: "Atlassian Statuspage incident webhooks (public incidents)", detects: StatuspageAdapter.detects,
            adapter: { o in StatuspageAdapter(options: o) }),
    ]

    static func has(_ v: JSONValue, _ key: String) -> Bool { v[key].map { $0 != .null } ?? false }

    /// The entry of an ecosystem format; `nil` for `auto`, `native` and `csv`.
    package static func entry(_ format: InputFormat) -> Entry? { entries.first { $0.format == format } }

    /// The ecosystem format a payload's shape belongs to; `nil` for native events and anything unknown.
    package static func classify(_ value: JSONValue) -> InputFormat? {
        guard case .object = value else { return nil }
        return entries.first { $0.detects(value) }?.format
    }
}
