import Foundation
import Hindsight
import Testing

@testable import HindsightFormats

/// Every payload in `../shared/fixtures` (real ones, captured from other projects) and in
/// `Tests/HindsightFormatsTests/Fixtures` read with `--format auto`, checked field by field against
/// what its producer documents. A fixture added without expectations fails `everyFixtureIsCovered`.
@Suite struct RealWorldFixtureTests {
    typealias S = AdapterTestSupport
    typealias Check = @Sendable (AdapterReadResult) throws -> Void

    /// `Tests/HindsightFormatsTests/Fixtures` (payloads copied unedited; sources in its SOURCES.md).
    static let local: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func t(_ text: String) -> Timestamp { S.time(text) }
    static let received = t("2024-05-01T12:00:00Z")

    /// Reads a fixture: shared ones by their path under `../shared/fixtures`, local ones as `local/…`.
    static func read(_ name: String, options: AdapterOptions = AdapterOptions()) throws -> AdapterReadResult {
        let path = name.hasPrefix("local/") ? local.appendingPathComponent(String(name.dropFirst(6))).path : S.fixture(name)
        return try S.read(file: path, options: options)
    }

    static func one(_ r: AdapterReadResult, _ format: InputFormat) throws -> Event {
        #expect(r.formats == [format])
        #expect(r.invalid.isEmpty, "\(r.invalid)")
        return try #require(r.only)
    }

    static func skippedOnly(_ r: AdapterReadResult, _ format: InputFormat, _ reason: String) {
        #expect(r.formats == [format])
        #expect(r.events.isEmpty)
        #expect(r.invalid.isEmpty)
        #expect(r.skipped == [reason])
    }

    /// Expectations by fixture, from each producer's documentation of its fields.
    static let checks: [String: Check] = [
        // Alertmanager: startsAt is when it fired; endsAt of a resolved alert is its resolution; labels carry the service.
        "alertmanager/firing.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.service == "api")  // `job`
            #expect(e.status == "firing")
            #expect(e.end == nil)
        },
        "realworld/alertmanager/am-exec-testdata-resolved-empty.json": { r in
            #expect(r.formats == [.alertmanager])
            #expect(r.events.isEmpty && r.invalid.isEmpty)  // a group with no alerts stands for nothing
        },
        "realworld/alertmanager/am-exec-testdata-success.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.service == "unknown")  // its only label is `Message`
            #expect(r.warnings.count == 1)
            #expect(r.warnings.first?.message.contains("\"Message\"") == true)
            #expect(e.time == t("1970-01-01T00:00:00Z"))
            #expect(e.id == "alertmanager:4ea129fd903f0e45:firing:1970-01-01T00:00:00Z")
        },
        "realworld/alertmanager/msteams-firing-offset-0500.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.time == t("2018-03-07T11:33:21.873Z"))  // -05:00 offset, nanoseconds truncated
            #expect(e.status == "firing")  // no status on the alert: the group's
            #expect(e.service == "docker_nodes")  // `job`
            #expect(e.host == "instance-with-hyphen_and_underscore")
            #expect(e.summary == "Server High Memory usage")
            #expect(e.severity == "warning")
        },
        "realworld/alertmanager/msteams-large-19-alerts-service-label.json": { r in
            #expect(r.formats == [.alertmanager])
            #expect(r.invalid.isEmpty)
            #expect(r.events.count == 19)
            #expect(r.events.allSatisfy { $0.kind == .alert && $0.status == "firing" && $0.severity == "page" })
            #expect(r.events[0].service == "infrastructurevmenvironmentcuser3cne1")  // the `service` label wins
            #expect(r.events[0].environment == "user3environmentc")  // `env`
            #expect(Set(r.events.map(\.service)).count == 7)
        },
        "realworld/alertmanager/prom2teams-k8s-resolved-common-items.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.service == "monitoring")  // `namespace`: no service, app or job label
            #expect(e.status == "resolved")
            #expect(e.time == t("2019-01-28T20:26:23.868Z"))
            #expect(e.end == t("2019-01-28T20:27:23.868Z"))
            #expect(e.summary == "CPU throttling")
        },
        "realworld/alertmanager/prom2teams-resolved-extra-annotations.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.service == "cs30.evilcorp")  // the host part of `instance`
            #expect(e.status == "resolved")
            #expect(e.time == t("2017-05-09T07:01:37.803Z"))
            #expect(e.end == t("2017-05-09T07:08:37.818Z"))
        },
        "realworld/grafana/zulip-alert_values_v11.json": { r in
            let e = try one(r, .alertmanager)
            #expect(e.source == "grafana")
            #expect(e.service == "device")  // `grafana_folder`
            #expect(e.time == t("2024-03-01T02:09:00Z"))
            #expect(e.end == nil)
            #expect(e.summary == "High memory usage")
            #expect(e.id == "alertmanager:e6349a25f5ef0e9e:firing:2024-03-01T02:09:00Z")
        },

        // CDEvents: the subject names the service (service events) or the incident (incident events).
        "cdevents/change_merged.json": { r in skippedOnly(r, .cdevents, "CDEvents type dev.cdevents.change.merged has no Hindsight meaning") },
        "cdevents/environment_modified.json": { r in
            skippedOnly(r, .cdevents, "CDEvents type dev.cdevents.environment.modified has no Hindsight meaning")
        },
        "cdevents/incident_detected.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.incident == "incident-123")  // subject.id
            #expect(e.service == "myApp")  // subject.content.service.id
            #expect(e.environment == "prod1")
            #expect(e.version == Self.cdeventsArtifact + "427")
            #expect(e.time == t("2022-11-11T13:52:20.079Z"))
            #expect(e.summary == "Response time above threshold of 100ms")
            #expect(e.source == "/monitoring/prod1")
            #expect(e.id == "cdevents:F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708:incident.detected.0.3.0")
        },
        "cdevents/incident_reported.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .report && e.status == nil)
            #expect(e.incident == "incident-123" && e.service == "myApp")
            #expect(e.url == "https://my-issues.example/incidents/ticket-345")  // subject.content.ticketURI
            #expect(e.summary == "Response time above threshold of 100ms")
            #expect(e.id == "cdevents:F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708:incident.reported.0.3.0")
        },
        "cdevents/incident_resolved.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .incident && e.status == "resolved")
            #expect(e.incident == "incident-123" && e.service == "myApp")
            #expect(e.summary == "Response time restored below 100ms")
            #expect(e.version == Self.cdeventsArtifact + "439")
        },
        "cdevents/service_deployed.json": { r in
            let e = try Self.cdeventsService(r, .deploy, "mySubject123 deployed to test123")
            #expect(e.version == Self.cdeventsArtifact + "427")
            #expect(e.id == "cdevents:271069a8-fc18-44f1-b38f-9d70a1695819:service.deployed.0.3.0")
        },
        "cdevents/service_published.json": { r in
            let e = try Self.cdeventsService(r, .release, "mySubject123 published in test123")
            #expect(e.version == nil, "the payload names no artifact")
        },
        "cdevents/service_removed.json": { r in
            let e = try Self.cdeventsService(r, .deploy, "mySubject123 removed from test123")
            #expect(e.attributes?.contains(#""type":"dev.cdevents.service.removed.0.3.0""#) == true, "the type tells it from a deploy")
        },
        "cdevents/service_rolledback.json": { r in
            let e = try Self.cdeventsService(r, .rollback, "mySubject123 rolled back in test123")
            #expect(e.version == Self.cdeventsArtifact + "427")
        },
        "cdevents/service_upgraded.json": { r in
            let e = try Self.cdeventsService(r, .deploy, "mySubject123 upgraded in test123")
            #expect(e.version == Self.cdeventsArtifact + "427")
        },
        "realworld/cdevents/v0.3.0-environment_modified.json": { r in
            skippedOnly(r, .cdevents, "CDEvents type dev.cdevents.environment.modified has no Hindsight meaning")
        },
        "realworld/cdevents/v0.3.0-incident_detected.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .alert)
            #expect(e.incident == "incident-123")
            #expect(e.service == "myApp")
            #expect(e.environment == "prod1")
            #expect(e.summary == "Response time above threshold of 100ms")
            #expect(e.time == t("2022-11-11T13:52:20.079Z"))
            #expect(e.id == "cdevents:F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708:incident.detected.0.1.0")
        },
        "realworld/cdevents/v0.3.0-incident_reported.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .report)
            #expect(e.url == "https://my-issues.example/incidents/ticket-345")
        },
        "realworld/cdevents/v0.3.0-incident_resolved.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .incident && e.status == "resolved" && e.incident == "incident-123")
        },
        "realworld/cdevents/v0.3.0-pipelinerun_finished.json": { r in
            skippedOnly(r, .cdevents, "CDEvents pipelinerun 'myPipeline' is not a deploy pipeline (name pattern 'deploy|release|rollout|promote|ship')")
        },
        "realworld/cdevents/v0.3.0-service_deployed.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .deploy)
            #expect(e.service == "mySubject123")
            #expect(e.environment == "test123")
            #expect(e.version == "pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427")
            #expect(e.source == "/event/source/123")
        },
        "realworld/cdevents/v0.3.0-service_published.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .release)
        },
        "realworld/cdevents/v0.3.0-service_removed.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.summary == "mySubject123 removed from test123")
        },
        "realworld/cdevents/v0.3.0-service_rolledback.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .rollback)
            #expect(e.reverts == nil)  // CDEvents does not name the change undone
        },
        "realworld/cdevents/v0.3.0-service_upgraded.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .deploy)
        },
        "realworld/cdevents/v0.4.0-incident_reported.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .report)
            #expect(e.id == "cdevents:F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708:incident.reported.0.2.0")
        },
        "realworld/cdevents/v0.4.0-service_deployed.json": { r in
            let rEvent = try one(r, .cdevents)
            #expect(rEvent.id == "cdevents:271069a8-fc18-44f1-b38f-9d70a1695819:service.deployed.0.2.0")
        },
        "realworld/cdevents/v0.5.1-environment_created.json": { r in
            skippedOnly(r, .cdevents, "CDEvents type dev.cdevents.environment.created has no Hindsight meaning")
        },
        "realworld/cdevents/v0.5.1-pipelinerun_finished.json": { r in
            skippedOnly(r, .cdevents, "CDEvents pipelinerun 'myPipeline' is not a deploy pipeline (name pattern 'deploy|release|rollout|promote|ship')")
            // A deploy pipeline by the configured pattern is a failed deploy (its outcome).
            let deploy = try read("realworld/cdevents/v0.5.1-pipelinerun_finished.json", options: AdapterOptions(deployWorkflowPattern: "^my"))
            let e = try one(deploy, .cdevents)
            #expect(e.kind == .deploy && e.status == "failed")
            #expect(e.id == "cdevents:pipelinerun:mySubject123")
            #expect(e.url == "https://www.example.com/mySubject123")
        },
        "realworld/cdevents/v0.5.1-service_published.json": { r in
            let e = try one(r, .cdevents)
            #expect(e.kind == .release)
            #expect(e.attributes?.contains(#""chainId":"4c8cb7dd-3448-41de-8768-eec704e2829b""#) == true)
        },

        // CloudEvents: `time` is optional in the spec; without it the receipt time is needed.
        "realworld/cloudevents/harbor-quota-exceeded.json": { r in
            let e = try one(r, .cloudevents)
            #expect(e.kind == .note)
            #expect(e.time == t("2023-04-03T07:04:44Z"))
            #expect(e.id == "cloudevents:/projects/2/webhook/policies/15:81f243ce-699c-44d6-9dbe-b2ee5f10237a")
        },
        "realworld/cloudevents/keptn-deployment.finished.json": { r in
            try needsReceiptTime(r, .cloudevents, field: "time", file: "realworld/cloudevents/keptn-deployment.finished.json") { e in
                #expect(e.kind == .deploy)  // the type names a deployment
                #expect(e.service == "carts")  // data.service
            }
        },
        "realworld/cloudevents/keptn-events.problem.json": { r in
            try needsReceiptTime(r, .cloudevents, field: "time", file: "realworld/cloudevents/keptn-events.problem.json") { e in
                #expect(e.kind == .note)
            }
        },
        "realworld/cloudevents/spec-json-format-batch.json": { r in
            #expect(r.formats == [.cloudevents])
            #expect(r.events.map(\.time) == [t("2018-04-05T17:31:00Z"), t("2018-04-05T17:31:05Z")])
            #expect(r.locations.map(\.index) == [0, 1])
        },
        "realworld/cloudevents/spec-json-format-no-time-base64.json": { r in
            try needsReceiptTime(r, .cloudevents, field: "time", file: "realworld/cloudevents/spec-json-format-no-time-base64.json") { e in
                #expect(e.id == "cloudevents:/mycontext:D234-1234-1234")
            }
        },
        "realworld/cloudevents/spec-json-format-number-data.json": { r in
            let rEvent = try one(r, .cloudevents)
            #expect(rEvent.attributes?.contains(#""data":1.5"#) == true)
        },
        "realworld/cloudevents/spec-json-format-object-data.json": { r in
            let rEvent = try one(r, .cloudevents)
            #expect(rEvent.attributes?.contains(#""appinfoA":"abc""#) == true)
        },

        // Flux: involvedObject is what was reconciled; severity error is a failure; metadata holds the revision.
        "realworld/flux/generic-webhook-event-v1beta3.json": { r in
            let e = try one(r, .flux)
            #expect(e.kind == .deploy)
            #expect(e.status == "failed")
            #expect(e.service == "webapp")
            #expect(e.version == "main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1")
            #expect(e.time == t("2022-10-28T07:26:19Z"))
            #expect(e.summary == "service/apps/webapp validation error: spec.type: Unsupported value: Ingress")
            #expect(e.actor == "kustomize-controller")
            #expect(e.labels?["namespace"] == "apps")
            #expect(e.id == "flux:Kustomization/apps/webapp:main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1")
        },

        // GitHub.
        "github/deployment.json": { r in
            let e = try one(r, .github)
            #expect(e.status == "started")
            #expect(e.id == "github:deployment:145988746")
        },
        "github/deployment_status.json": { r in
            let e = try one(r, .github)
            #expect(e.status == "succeeded")
            #expect(e.id == "github:deployment:145988746")
        },
        "realworld/github/ghes-220-deployment.json": { r in
            let e = try one(r, .github)
            #expect(e.status == "started")
            #expect(e.time == t("2019-05-15T19:38:20Z"))
            #expect(e.version == "78a96099c3f442d7f6e8d1a7d07090091993e65a")
            #expect(e.id == "github:deployment:2")
        },
        "realworld/github/ghes-220-deployment_status-success.json": { r in
            let e = try one(r, .github)
            #expect(e.status == "succeeded")
            #expect(e.time == t("2019-05-15T19:38:20Z"))
            #expect(e.end == t("2019-05-15T19:38:21Z"))
            #expect(e.id == "github:deployment:2")
        },
        "realworld/github-other/check_run-completed.payload.json": { r in
            try unrecognised(r, looksLike: "a GitHub check_run webhook", producer: "GitHub")
        },
        "realworld/github-other/release-published.payload.json": { r in
            let e = try one(r, .github)
            #expect(e.kind == .release)
            #expect(e.version == "0.0.1")  // tag_name
            #expect(e.time == t("2019-05-15T15:20:53Z"))
            #expect(e.service == "Codertocat/Hello-World")
            #expect(e.url == "https://github.com/Codertocat/Hello-World/releases/tag/0.0.1")
            #expect(e.id == "github:release:17372790")
        },
        "realworld/github-other/workflow_run-completed.payload.json": { r in
            skippedOnly(r, .github, "GitHub workflow 'test' is not a deploy workflow (name pattern 'deploy|release|rollout|promote|ship')")
            let deploy = try read("realworld/github-other/workflow_run-completed.payload.json", options: AdapterOptions(deployWorkflowPattern: "^test$"))
            let e = try one(deploy, .github)
            #expect(e.kind == .deploy)
            #expect(e.status == "succeeded")
            #expect(e.service == "octo-org/octo-repo")
            #expect(e.id.hasPrefix("github:workflow_run:"))
        },

        // GitLab: times are "YYYY-MM-DD HH:MM:SS +ZZZZ" or "… UTC".
        "realworld/gitlab/go-gitlab-deployment.json": { r in
            let e = try one(r, .gitlab)
            #expect(e.kind == .deploy)
            #expect(e.status == "succeeded")
            #expect(e.time == t("2021-04-28T19:50:00Z"))  // 21:50 +0200
            #expect(e.environment == "staging")
            #expect(e.service == "root/test-deployment-webhooks")
            #expect(e.version == "279484c09fbe69ededfced8c1bb6e6d24616b468")
            #expect(e.actor == "user1")
            #expect(e.id == "gitlab:deployment:30:15")
        },
        "realworld/gitlab/go-gitlab-feature_flag.json": { r in
            try needsReceiptTime(r, .gitlab, field: nil, file: "realworld/gitlab/go-gitlab-feature_flag.json") { e in
                #expect(e.kind == .release)
                #expect(e.version == "test-feature-flag")
                #expect(e.summary == "feature flag test-feature-flag switched on")
                #expect(e.service == "gitlabhq/gitlab-test")
            }
        },
        "realworld/gitlab/go-gitlab-release.json": { r in
            let e = try one(r, .gitlab)
            #expect(e.kind == .release)
            #expect(e.version == "1.0.0")
            #expect(e.time == t("2021-02-25T21:23:34Z"))
            #expect(e.url == "http://example.com/exm-namespace/example-project/-/releases/1.0.0")
        },

        // Kubernetes: Pulling is routine kubelet progress.
        "realworld/kubernetes/core-v1-event-pulling.json": { r in
            skippedOnly(r, .kubernetes, "Kubernetes event reason 'Pulling' is routine, neither a change nor a failure")
        },

        // LaunchDarkly: this entry renames an environment, which changes nobody's flags.
        "realworld/launchdarkly/docs-webhook-audit-entry.json": { r in
            skippedOnly(r, .launchdarkly, "LaunchDarkly environment changes do not change what users are served")
        },

        // PagerDuty.
        "pagerduty/change_event.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.kind == .deploy)
            #expect(e.service == "unknown")  // payload.source is the build host, not a service
        },
        "pagerduty/trigger_event.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.status == "firing")
        },
        "realworld/pagerduty-webhooks/docs-v3-incident.priority_updated.json": { r in
            skippedOnly(r, .pagerduty, "PagerDuty webhook event incident.priority_updated is not an incident state")
        },
        "realworld/pagerduty/api-schema-change-event-with-images.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.kind == .deploy)
            #expect(e.time == t("2015-07-17T08:42:58.315Z"))
            #expect(e.actor == "prod-build-agent-i-0b148d1040d565540")
            #expect(e.url == "https://buildpipeline.com/pagerduty/deployment/builds/220")
            // Mapped by the routing key in the config.
            let mapped = try read(
                "realworld/pagerduty/api-schema-change-event-with-images.json",
                options: AdapterOptions(routingKeys: ["737ea619db564d41bd9824063e1f6b08": "snapshots"]))
            let mappedEvent = try one(mapped, .pagerduty)
            #expect(mappedEvent.service == "snapshots")
            #expect(mapped.warnings.isEmpty)
        },
        "realworld/pagerduty/docs-v1-trigger.json": { r in
            try needsReceiptTime(r, .pagerduty, field: "payload.timestamp", file: "realworld/pagerduty/docs-v1-trigger.json") { e in
                #expect(e.kind == .alert && e.status == "firing")
                #expect(e.summary == "FAILURE for production/HTTP on machine srv01.acme.com")
            }
        },
        "realworld/pagerduty/docs-v2-acknowledge.json": { r in
            skippedOnly(r, .pagerduty, "PagerDuty acknowledge event is a responder's action, not an alert state")
        },
        "realworld/pagerduty/docs-v2-resolve-bare.json": { r in
            try needsReceiptTime(r, .pagerduty, field: "payload.timestamp", file: "realworld/pagerduty/docs-v2-resolve-bare.json") { e in
                #expect(e.status == "resolved")
                #expect(e.id == "pagerduty:dedupkeyhere:resolve:2024-05-01T12:00:00Z")
            }
        },
        "realworld/pagerduty/docs-v2-trigger.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.service == "postgres")  // payload.component
            #expect(e.host == "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003")
            #expect(e.time == t("2015-07-17T08:42:58.315Z"))  // +0000
            #expect(e.severity == "info")
            #expect(e.id == "pagerduty:samplekeyhere:trigger:2015-07-17T08:42:58.315Z")
        },

        // Sentry.
        "realworld/sentry/docs-error-created.json": { r in
            let e = try one(r, .sentry)
            #expect(e.kind == .crash)
            #expect(e.service == "front-end")
            #expect(e.time == t("2019-08-19T20:58:37.391Z"))
        },
        "realworld/sentry/docs-event_alert-triggered.json": { r in
            let e = try one(r, .sentry)
            #expect(e.kind == .crash)
        },
        "realworld/sentry/docs-issue-created.json": { r in
            let e = try one(r, .sentry)
            #expect(e.id == "sentry:issue:1170820242:created:2019-08-19T20:58:37.391Z")
        },
        "realworld/sentry/docs-metric_alert-resolved.json": { r in
            let e = try one(r, .sentry)
            #expect(e.kind == .alert)
            #expect(e.status == "resolved")
            #expect(e.service == "bar")  // the alert rule's project
            #expect(e.time == t("2020-09-13T12:26:40Z"))  // date_started
            #expect(e.end == nil)  // date_closed is null
            #expect(e.summary == "Resolved: Too many errors")
        },

        // Local copies (Tests/HindsightFormatsTests/Fixtures/SOURCES.md).
        "local/opsgenie/zulip-create.json": { r in
            let e = try one(r, .opsgenie)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == Timestamp(milliseconds: 1_502_709_956_288))  // createdAt, milliseconds
            #expect(e.service == "Server")  // entity
            #expect(e.summary == "another alert")
            #expect(e.severity == "P3")
            #expect(e.id == "opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f:firing")
        },
        "local/opsgenie/zulip-close.json": { r in
            let e = try one(r, .opsgenie)
            #expect(e.status == "resolved")
            #expect(e.time == Timestamp(milliseconds: 1_420_452_191_104))  // created
            #expect(e.end == Timestamp(milliseconds: 1_420_452_374_669))  // updatedAt is in nanoseconds
            #expect(e.service == "unknown")  // empty entity
            #expect(r.warnings.count == 1)
        },
        "local/pagerduty-v3/zulip-triggered_v3.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.kind == .incident && e.status == "declared")
            #expect(e.incident == "pagerduty:PFQZPSY")
            #expect(e.title == "Test Incident 3")
            #expect(e.service == "pig208")
            #expect(e.time == t("2021-06-04T13:35:29.781Z"))
            #expect(e.url == "https://pig208.pagerduty.com/incidents/PFQZPSY")
            #expect(e.severity == "high")  // urgency, no priority
        },
        "local/pagerduty-v3/zulip-resolved_v3.json": { r in
            let e = try one(r, .pagerduty)
            #expect(e.kind == .incident && e.status == "resolved")
            #expect(e.incident == "pagerduty:PCPZE64")
        },
        "local/alertmanager/zulip-alert.json": { r in
            #expect(r.formats == [.alertmanager])
            #expect(r.invalid.isEmpty)
            #expect(r.events.map(\.service) == ["andromeda", "andromeda"])  // the host part of `host`, the last default rule
            #expect(
                r.events.map(\.id) == [
                    "alertmanager:a1bc48475b20e73d:firing:2020-02-06T00:17:58.432Z",
                    "alertmanager:c2ea85182f28cbd9:firing:2020-02-06T00:17:58.432Z",
                ])
            #expect(r.events.allSatisfy { $0.summary == "High CPU core temperature" && $0.severity == "critical" })
        },
        "local/grafana/zulip-legacy-alert.json": { r in
            try needsReceiptTime(r, .alertmanager, field: nil, file: "local/grafana/zulip-legacy-alert.json") { e in
                #expect(e.kind == .alert && e.status == "firing")
                #expect(e.source == "grafana")
                #expect(e.summary == "[Alerting] Test notification")
                #expect(e.url == "http://localhost:3000/")
                #expect(e.service == "unknown")  // no tags
            }
        },
        "local/grafana/zulip-legacy-alert_ok.json": { r in
            try needsReceiptTime(r, .alertmanager, field: nil, file: "local/grafana/zulip-legacy-alert_ok.json") { e in
                #expect(e.status == "resolved")
                #expect(e.id == "grafana:0:1:1:0:resolved:2024-05-01T12:00:00Z")
            }
        },
        "local/unleash/unleash-webhook-test-event.json": { r in
            // feature-created: a new flag serves nobody yet.
            skippedOnly(r, .unleash, "Unleash event feature-created does not change what users are served")
        },
        // Datadog: the default payload says the transition in its title; the variables teams add say it outright.
        "local/datadog/relay-default-test-notification.json": { r in
            let e = try one(r, .datadog)
            #expect(e.kind == .alert && e.status == "firing")  // "[Triggered] …"
            #expect(e.time == t("2020-06-03T20:43:05Z"))  // $DATE, milliseconds since 1970
            #expect(e.id == "datadog:5485379890863845239")
            #expect(e.summary == "[TEST] Host Cluster Alert")
            #expect(e.service == "unknown")  // the default payload carries no tags
            #expect(r.warnings.first?.field == "tags")
            #expect(r.warnings.first?.message.contains("Tag the monitor with service:NAME") == true)
            #expect(e.source == "datadog")
            #expect(e.attributes?.contains(#""event_type":"service_check""#) == true)
            #expect(e.attributes?.contains(#""org":"Puppet""#) == true)
        },
        "local/datadog/fluffy-triggered.json": { r in
            let e = try one(r, .datadog)
            #expect(e.status == "firing")
            #expect(e.time == t("2015-11-25T07:12:10Z"))
            #expect(e.id == "datadog:3089904566766935419")  // $EVENT_ID
            #expect(e.service == "i-3b93aafb")  // no service tag: the host tag, by the service rules
            #expect(e.host == "i-3b93aafb")
            #expect(e.labels?["region"] == "us-west-1")
            #expect(e.labels?["role"] == "dock")
            #expect(e.labels?["security-group"] == "sg-59a3503c")  // the first of a repeated tag
            #expect(e.labels?["monitor"] == nil)  // a bare tag is no label
            #expect(e.summary == "Dock is almost out of memory...")
            #expect(e.url == "https://app.datadoghq.com/event/event?id=3089904566766935419")
        },
        "local/datadog/fluffy-recovered.json": { r in
            let e = try one(r, .datadog)
            #expect(e.status == "resolved")
            #expect(e.time == t("2015-11-25T07:11:17Z"))
            #expect(e.end == nil)  // Datadog sends when it recovered, not when it started
            #expect(e.service == "i-3b93aafb")
            #expect(e.attributes?.contains(#""transition":"Recovered""#) == true)
        },

        "local/datadog/webhooktosnmp-test-notification.json": { r in
            // A custom payload whose keys are the team's own (alerttransition, alertid, scope): the title says the transition.
            let e = try one(r, .datadog)
            #expect(e.kind == .alert && e.status == "firing")  // "[Triggered on {host:nls-jenkins-master}] …"
            #expect(e.time == t("2020-11-11T04:56:22Z"))  // $DATE
            #expect(e.id == "datadog:5717804682337238360")
            #expect(e.service == "nls-jenkins-master")  // the host tag, by the service rules
            #expect(e.host == "nls-jenkins-master")  // $HOSTNAME
            #expect(e.labels?["host"] == "nls-jenkins-master")
            #expect(e.labels?["monitor"] == nil)  // a bare tag is no label
            #expect(e.summary == "[TEST] CPU is high on nls-jenkins-master with an IP of 10.88.11.35")
            #expect(e.url == "https://app.datadoghq.com/event/event?id=5717804682337238360")
            #expect(e.severity == nil)
            #expect(r.warnings.isEmpty)
            #expect(e.attributes?.contains(#""transition":"Triggered""#) == true)
        },

        "local/datadog/inres-custom-transition-priority.json": { r in
            // A custom payload saying the transition in `transition`, the monitor's priority, and no tags.
            let e = try one(r, .datadog)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == t("2025-10-01T18:37:04Z"))  // $DATE
            #expect(e.id == "datadog:8306082202796025694")
            #expect(e.service == "unknown")
            #expect(r.warnings.map(\.field) == ["tags"])
            #expect(e.labels == nil)
            #expect(e.severity == "P1")  // $ALERT_PRIORITY
            #expect(e.summary == "High tracking")
            #expect(e.host == nil)
            #expect(e.url == nil)
            #expect(e.attributes?.contains(#""transition":"Triggered""#) == true)
            #expect(e.attributes?.contains(#""org":"vng""#) == true)
        },
        "local/datadog/port-docs-custom-payload.json": { r in
            // `priority` holds $PRIORITY, the event's "normal": no severity; the link is in `event_url`.
            let e = try one(r, .datadog)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == t("2023-05-19T10:29:55Z"))
            #expect(e.id == "datadog:7050278235293370890")
            #expect(e.service == "api-service")  // the host tag, by the service rules
            #expect(r.warnings.isEmpty)
            #expect(e.labels?["host"] == "api-service")
            #expect(e.severity == nil)
            #expect(e.host == "api-service")
            #expect(e.summary == "[TEST] Service with IP 172.19.128.1 have exceeded memory limit")
            #expect(e.url == "https://us5.datadoghq.com/event/event?id=7050278235293370890")
            #expect(e.attributes?.contains(#""monitor":"147793""#) == true)
        },

        // New Relic workflow webhooks: activated issues fire, closed ones resolve.
        "local/newrelic/zulip-incident_activated_new_default_payload.json": { r in
            let e = try one(r, .newrelic)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == t("2024-04-22T03:05:31.352Z"))  // createdAt
            #expect(e.end == nil)
            #expect(e.id == "newrelic:c5faa7e6-7b54-402d-af79-f99601e0278c:firing")
            #expect(e.service == "zulip_app")  // the first impacted entity
            #expect(e.severity == "CRITICAL")
            #expect(e.summary == "zulip_app query result is > 1.0 for 1 minutes on 'Zulip Server Low Storage'")
            #expect(e.url?.hasPrefix("https://radar-api.service.newrelic.com/accounts/4420147/issues/") == true)
            #expect(e.labels?["policy"] == "Golden Signals")
            #expect(e.labels?["condition"] == "Zulip Server Low Storage")
        },
        "local/newrelic/zulip-incident_closed_default_payload.json": { r in
            let e = try one(r, .newrelic)
            #expect(e.status == "resolved")
            #expect(e.time == t("2024-04-22T06:16:30.228Z"))
            #expect(e.end == t("2024-04-22T06:17:37.383Z"))  // updatedAt: when it closed
            #expect(e.id == "newrelic:95a9344a-2590-48ce-8d83-07e28b6d22c6:resolved")
            #expect(e.service == "main_app-UBUNTU")
        },
        "local/newrelic/zulip-incident_created_default_payload.json": { r in
            skippedOnly(r, .newrelic, "New Relic issue state CREATED comes before the issue is activated; its activation is the alert")
        },

        "local/newrelic/zulip-incident_acknowledged_default_payload.json": { r in
            // Acknowledging notifies again, the state still ACTIVATED: the alert was read at its activation.
            skippedOnly(r, .newrelic, "New Relic notification of an issue already activated (trigger USER_ACTION) updates the alert its activation reported")
        },
        "local/newrelic/zulip-incident_activated_new_provided_base_payload.json": { r in
            // A template without impactedEntities nor trigger: the alert is read, on no service.
            let e = try one(r, .newrelic)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == t("2024-04-22T07:12:29.493Z"))  // createdAt
            #expect(e.id == "newrelic:13bbcdca-f0b6-470d-b0be-b34583c58869:firing")
            #expect(e.service == "unknown")
            #expect(r.warnings.map(\.field) == ["impactedEntities"])
            #expect(e.severity == "HIGH")
            #expect(e.labels?["policy"] == "Golden Signals")
            #expect(e.labels?["condition"] == "Storage on Host Exceeded Threshold")
        },
        "local/newrelic/zulip-incident_default_base_with_zulip_custom_fields.json": { r in
            // The default template with fields of the team's own: those are ignored.
            let e = try one(r, .newrelic)
            #expect(e.status == "firing")
            #expect(e.service == "PIETER-UBUNTU")
            #expect(r.warnings.isEmpty)
            #expect(e.summary == "PIETER-UBUNTU query result is > 1.0 for 5 minutes on 'Storage on Host Exceeded Threshold'")
            #expect(e.url == "https://radar-api.service.newrelic.com/accounts/4420147/issues/13bbcdca-f0b6-470d-b0be-b34583c58869?notifier=WEBHOOK")
            #expect(e.attributes?.contains(#""workflow":"issue workflow""#) == true)
            #expect(e.attributes?.contains("zulipCustomFields") == false)
        },
        "local/newrelic/port-docs-test-notification-two-entities.json": { r in
            // New Relic's sample notification: activated with its first incident (no total), two entities, two policies.
            let e = try one(r, .newrelic)
            #expect(e.kind == .alert && e.status == "firing")
            #expect(e.time == t("2021-04-08T11:27:26.260Z"))  // createdAt
            #expect(e.end == nil)
            #expect(e.id == "newrelic:d1b1f3fd-995a-4066-88ab-8ce4f6960623:firing")
            #expect(e.service == "logs-itg-cloud")  // the first impacted entity
            #expect(r.warnings.isEmpty)
            #expect(e.severity == "CRITICAL")
            #expect(e.summary == "Memory Used % > 90 for at least 2 minutes on 'Some-Entity'")
            #expect(e.labels?["policy"] == "Policy1")
            #expect(e.labels?["condition"] == "condition1")
            #expect(e.attributes?.contains(#""entities":["logs-itg-cloud","MonitorTTFB-query"]"#) == true)
            #expect(e.attributes?.contains(#""trigger":"INCIDENT_ADDED""#) == true)
        },
        "local/newrelic/nudgebee-activated-incident-added.json": { r in
            // A workflow's first notification of an issue created and activated at once: the alert.
            let e = try one(r, .newrelic)
            #expect(e.status == "firing")
            #expect(e.time == t("2026-03-02T09:48:07.531Z"))
            #expect(e.id == "newrelic:98441886-dfc8-4090-afc2-bfd7a1ac8e59:firing")
            #expect(e.service == "services-server")
            #expect(e.severity == "CRITICAL")
            #expect(e.summary == "i am alert for services server")
            #expect(e.url == "https://radar-api.service.newrelic.com/accounts/7745957/issues/98441886-dfc8-4090-afc2-bfd7a1ac8e59?notifier=WEBHOOK")
            #expect(e.labels?["condition"] == "sample alert for nudgebee webhook test")
            #expect(e.attributes?.contains(#""workflow":"ndgebee test webhook""#) == true)
        },
        "local/newrelic/zulip-incident_opened-legacy.json": { r in
            try unrecognised(r, looksLike: "a New Relic legacy alert-channel webhook", producer: "New Relic")
        },

        // Terraform: an errored run is a failed config change on its workspace; runs that apply nothing are skipped.
        "local/terraform/tfbuddy-run-errored.json": { r in
            let e = try one(r, .terraform)
            #expect(e.kind == .config && e.status == "failed")
            #expect(e.time == t("2022-01-23T23:00:10Z"))  // run_updated_at
            #expect(e.id == "terraform:run-TCmduqLvvFw7WWmC")
            #expect(e.service == "service-tfbuddy-dev")
            #expect(e.version == "run-TCmduqLvvFw7WWmC")
            #expect(e.summary == "terraform apply on service-tfbuddy-dev: v0.3.10")
            #expect(e.actor == "Matt Morrison")  // run_updated_by is null: who created the run
            #expect(e.url == "https://app.terraform.io/app/zapier/service-tfbuddy-dev/runs/run-TCmduqLvvFw7WWmC")
            #expect(e.labels?["organization"] == "zapier")
        },
        "local/terraform/tfbuddy-run-planned-and-finished.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'planned_and_finished' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/tfbuddy-verification.json": { r in
            skippedOnly(r, .terraform, "Terraform verification notification checks the webhook")
        },
        "local/terraform/docs-run-canceled.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'canceled' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/docs-assessment-drifted.json": { r in
            skippedOnly(r, .terraform, "Terraform assessment notification (assessment:drifted) reports no change made by a run")
        },

        // Terraform Enterprise's notifications of one workspace, as a request bin received them.
        "local/terraform/hc-showcase-verification.json": { r in
            // The run fields of a verification are null.
            skippedOnly(r, .terraform, "Terraform verification notification checks the webhook")
        },
        "local/terraform/hc-showcase-run-created.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'pending' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/hc-showcase-run-planning.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'planning' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/hc-showcase-run-planned-and-finished.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'planned_and_finished' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/hc-showcase-run-needs-attention.json": { r in
            skippedOnly(r, .terraform, "Terraform run status 'planned' applies no change (Hindsight reads applying, applied and errored runs)")
        },
        "local/terraform/hc-showcase-run-applying-destroy.json": { r in
            // A destroy run applying: a config change started on the workspace.
            let e = try one(r, .terraform)
            #expect(e.kind == .config && e.status == "started")
            #expect(e.time == t("2020-09-09T07:44:06Z"))  // run_updated_at
            #expect(e.end == nil)
            #expect(e.id == "terraform:run-3WF8C6WwgvF8LsCL")
            #expect(e.service == "tf-aws-simple")
            #expect(e.version == "run-3WF8C6WwgvF8LsCL")
            #expect(e.summary == "terraform apply on tf-aws-simple: Queued manually to destroy infrastructure")
            #expect(e.actor == "mkaesz")  // run_updated_by is null: who created the run
            #expect(e.url == "https://tfe.msk.pub/app/org1/tf-aws-simple/runs/run-3WF8C6WwgvF8LsCL")
            #expect(e.labels?["organization"] == "org1")
            #expect(e.attributes?.contains(#""trigger":"run:applying""#) == true)
        },

        // CircleCI: a deploy workflow completed is a deploy; other workflows and jobs are skipped.
        "local/circleci/docs-workflow-completed-github.json": { r in
            let e = try one(r, .circleci)
            #expect(e.kind == .deploy && e.status == "succeeded")
            #expect(e.time == t("2021-09-01T22:49:03.616Z"))  // workflow.created_at
            #expect(e.end == t("2021-09-01T22:49:34.170Z"))  // workflow.stopped_at
            #expect(e.id == "circleci:workflow:fda08377-fe7e-46b1-8992-3a7aaecac9c3")
            #expect(e.service == "webhook-service")
            #expect(e.version == "1dc6aa69429bff4806ad6afe58d3d8f57e25973e")
            #expect(e.summary == "build-test-deploy on main")
            #expect(e.actor == "Author Name")
            #expect(e.url?.hasSuffix("/workflows/fda08377-fe7e-46b1-8992-3a7aaecac9c3") == true)
        },
        "local/circleci/docs-workflow-completed-gitlab.json": { r in
            skippedOnly(r, .circleci, "CircleCI workflow 'build' is not a deploy workflow (github.deploy_workflows)")
            // Read as a deploy workflow's: a failed workflow is a failed deploy.
            let e = try one(try read("local/circleci/docs-workflow-completed-gitlab.json", options: AdapterOptions(deployWorkflowPattern: "build")), .circleci)
            #expect(e.status == "failed")
            #expect(e.time == t("2022-05-27T16:20:07.631Z"))
            #expect(e.end == t("2022-05-27T16:20:13.812Z"))
            #expect(e.service == "hello-world")
            #expect(e.version == "850a1519f25d14e968649cc420d1bd381715c05c")
            #expect(e.summary == "build on main")
            #expect(e.actor == "username")
            #expect(e.attributes?.contains(#""status":"failed""#) == true)
        },
        "local/circleci/zulip-github_job_completed.json": { r in
            skippedOnly(r, .circleci, "CircleCI job 'build-and-test' is not a deploy job (github.deploy_workflows)")
        },

        "local/circleci/zulip-gitlab_job_completed.json": { r in
            skippedOnly(r, .circleci, "CircleCI job 'build-and-test' is not a deploy job (github.deploy_workflows)")
            // A deploy job in a workflow that is no deploy: the job, from its start to its stop.
            let e = try one(
                try read("local/circleci/zulip-gitlab_job_completed.json", options: AdapterOptions(deployWorkflowPattern: "^build-and-test$")), .circleci)
            #expect(e.kind == .deploy && e.status == "succeeded")
            #expect(e.time == t("2022-09-30T21:03:03.359Z"))  // job.started_at
            #expect(e.end == t("2022-09-30T21:03:15.017Z"))  // job.stopped_at
            #expect(e.id == "circleci:job:fa6d0b0f-473d-40ea-b1ed-da1e89298f47")
            #expect(e.service == "circleci-webhook-test")
            #expect(e.version == "c31f86994c54672f97b5bd5e544315b7bd40e4c1")  // trigger_parameters.git.checkout_sha: GitLab has no pipeline.vcs
            #expect(e.summary == "build-and-test on main")
            #expect(e.actor == "hariprashant1")  // the GitLab user
            #expect(e.attributes?.contains(#""job_number":2"#) == true)
            // The same job in a deploy workflow is that workflow's deploy, not a second one.
            let inDeploy = try read("local/circleci/zulip-gitlab_job_completed.json", options: AdapterOptions(deployWorkflowPattern: "sample|build-and-test"))
            #expect(inDeploy.events.isEmpty)
            #expect(inDeploy.skipped == ["CircleCI job 'build-and-test' belongs to deploy workflow 'sample', whose workflow-completed event is the deploy"])
        },
        "local/circleci/zulip-github_tag_workflow_completed.json": { r in
            skippedOnly(r, .circleci, "CircleCI workflow 'sample' is not a deploy workflow (github.deploy_workflows)")
            let e = try one(
                try read("local/circleci/zulip-github_tag_workflow_completed.json", options: AdapterOptions(deployWorkflowPattern: "sample")), .circleci)
            #expect(e.status == "succeeded")
            #expect(e.time == t("2022-11-08T11:13:02.522Z"))
            #expect(e.end == t("2022-11-08T11:13:21.855Z"))
            #expect(e.version == "0e6e66c14e61fbcd95db716b0f30d67dbcce7814")
            #expect(e.summary == "sample")  // a null branch and no tag: no "on …"
            #expect(e.actor == nil)  // the commit's author is null
        },
        "local/circleci/zulip-ping.json": { r in skippedOnly(r, .circleci, "CircleCI 'ping' event reports no deploy") },

        // Rollbar: new and reactivated items are crashes; the project id names the service once mapped.
        "local/rollbar/zulip-new_item.json": { r in
            let e = try one(r, .rollbar)
            #expect(e.kind == .crash)
            #expect(e.time == t("2018-01-09T03:54:08Z"))  // first_occurrence_timestamp, seconds
            #expect(e.id == "rollbar:496445267:new_item:2018-01-09T03:54:08Z")
            #expect(e.service == "unknown")
            #expect(r.warnings.first?.message.contains(#"Map it under [rollbar.projects] in hindsight.toml: "162774" = "SERVICE""#) == true)
            #expect(e.environment == "production")
            #expect(e.host == "DESKTOP-6LMFI2P")
            #expect(e.severity == "error")
            #expect(e.summary == "An Error")
            var options = AdapterOptions()
            options.rollbarProjects = ["162774": "billing"]
            let mapped = try read("local/rollbar/zulip-new_item.json", options: options)
            #expect(mapped.only?.service == "billing")
            #expect(mapped.warnings.isEmpty)
        },
        "local/rollbar/zulip-reactivated_item.json": { r in
            let e = try one(r, .rollbar)
            #expect(e.time == t("2018-01-09T03:55:13Z"))  // last_activated_timestamp
            #expect(e.id == "rollbar:495300143:reactivated_item:2018-01-09T03:55:13Z")
            #expect(e.summary == "All set.")
        },

        "local/rollbar/telegraf-new_item.json": { r in
            // Rollbar's documented new_item, from a notifier that sent no code version.
            let e = try one(r, .rollbar)
            #expect(e.kind == .crash)
            #expect(e.time == t("2013-10-24T22:57:01Z"))
            #expect(e.id == "rollbar:272716944:new_item:2013-10-24T22:57:01Z")
            #expect(e.service == "unknown")
            #expect(r.warnings.map(\.field) == ["data.item.project_id"])
            #expect(e.environment == "production")
            #expect(e.version == nil)
            #expect(e.host == "dev")
            #expect(e.severity == "error")
            #expect(e.count == 1)  // its first occurrence
            #expect(e.summary == "testing aobg98wrwe")
            #expect(e.url == nil)
        },
        "local/rollbar/zulip-event_occurred_10_exp_n_items.json": { r in
            skippedOnly(r, .rollbar, "Rollbar exp_repeat_item notification is not a new or reactivated item")
        },
        "local/rollbar/zulip-every_occurrence.json": { r in
            skippedOnly(r, .rollbar, "Rollbar occurrence notification is not a new or reactivated item")
        },
        "local/rollbar/telegraf-occurrence.json": { r in
            skippedOnly(r, .rollbar, "Rollbar occurrence notification is not a new or reactivated item")
        },
        "local/rollbar/telegraf-deploy.json": { r in
            skippedOnly(r, .rollbar, "Rollbar deploy notification is not a new or reactivated item")
        },

        // Statuspage: a public incident update is an external report; component changes are not.
        "local/statuspage/zulip-incident_created.json": { r in
            let e = try one(r, .statuspage)
            #expect(e.kind == .report)
            #expect(e.time == t("2017-12-26T07:32:00.548Z"))  // the update's display_at
            #expect(e.id == "statuspage:z3lct0r596n4:qm8bgczn0p2n")
            #expect(e.service == "Management Portal (example)")
            #expect(e.severity == "none")
            #expect(e.url == "http://stspg.io/646947c1e")
            #expect(e.summary?.hasPrefix("Database query delays: We just encountered that database queries are timing out") == true)
        },
        "local/statuspage/zulip-component_status_update.json": { r in
            skippedOnly(r, .statuspage, "Statuspage component status change is not an incident report")
        },
        "local/statuspage/zulip-incident_update.json": { r in
            // The update that resolved it: the customers were told it is over, not of trouble.
            skippedOnly(
                r, .statuspage, "Statuspage incident status 'resolved' is not a report of trouble (resolutions, post-mortems and maintenance are skipped)")
        },
        "local/statuspage/atlassian-docs-incident-monitoring.json": { r in
            // Atlassian's documented incident: the newest of its three updates, times with an offset, no component.
            let e = try one(r, .statuspage)
            #expect(e.kind == .report)
            #expect(e.time == t("2013-05-29T22:07:53Z"))  // 16:07:53-06:00, the newest update's display_at
            #expect(e.id == "statuspage:lbkhbwn21v5q:drfcwbnpxnr6")
            #expect(e.service == "unknown")
            #expect(r.warnings.map(\.field) == ["incident.components"])
            #expect(e.summary == "Virginia Is Down: A fix has been implemented and we are monitoring the results.")
            #expect(e.severity == "high")
            #expect(e.url == "https://status.sentry.io/incidents/bt27tt1h1wsd?u=jwjgrfrf3pjj")
            #expect(e.attributes?.contains(#""status":"monitoring""#) == true)
        },
        "local/statuspage/atlassian-docs-component-update.json": { r in
            skippedOnly(r, .statuspage, "Statuspage component status change is not an incident report")
        },

        // Jenkins: the Notification plugin's messages from its first versions to today; no job here is named
        // like a deploy, so each is skipped, then read as a deploy job's by a pattern that matches it.
        "local/jenkins/cicdexamplespringboot-completed.json": { r in
            try notADeployJob(r, "example-springboot")
            let e = try jenkinsDeploy("local/jenkins/cicdexamplespringboot-completed.json")
            #expect(e.kind == .deploy && e.status == "succeeded")
            #expect(e.time == t("2019-09-29T12:52:56.042Z"))  // COMPLETED's timestamp: when the build ended (no duration before 1.15)
            #expect(e.end == nil)
            #expect(e.id == "jenkins:http://localhost:8080/job/example-springboot/7/")
            #expect(e.service == "example-springboot")  // no SERVICE parameter: the job
            #expect(e.environment == "production")  // no ENVIRONMENT parameter: the default
            #expect(e.version == "e530787911aba85fbc97cc89cdf4a12d7a09cebc")  // scm.commit
            #expect(e.summary == "example-springboot #7 on origin/master")
            #expect(e.url == "http://localhost:8080/job/example-springboot/7/")
            #expect(e.actor == nil)  // no culprits
            #expect(e.source == "jenkins")
            #expect(e.attributes?.contains(#""phase":"COMPLETED","result":"SUCCESS","number":7"#) == true)
        },
        "local/jenkins/symphony-hackathon-started.json": { r in
            try notADeployJob(r, "Build my awesome project")
            let e = try jenkinsDeploy("local/jenkins/symphony-hackathon-started.json")
            #expect(e.status == "started")
            #expect(e.time == t("2018-09-26T12:55:42.240Z"))  // STARTED's timestamp: the build's start
            #expect(e.id == "jenkins:http://ec2-18-130-79-165.eu-west-2.compute.amazonaws.com/job/Build%20my%20awesome%20project/3/")
            #expect(e.service == "Build my awesome project")
            #expect(e.version == nil)  // scm names no commit
            #expect(e.summary == "Build my awesome project #3")
        },
        "local/jenkins/symphony-hackathon-completed-failure.json": { r in
            try notADeployJob(r, "Build my awesome project")
            let e = try jenkinsDeploy("local/jenkins/symphony-hackathon-completed-failure.json")
            #expect(e.status == "failed")
            #expect(e.time == t("2018-09-27T09:33:46.108Z"))
            #expect(e.end == nil)
            #expect(e.summary == "Build my awesome project #19")
        },
        "local/jenkins/docs-asgard-completed.json": { r in
            try notADeployJob(r, "asgard")
            let e = try jenkinsDeploy("local/jenkins/docs-asgard-completed.json", timeless: true)
            #expect(e.status == "succeeded")
            #expect(e.id == "jenkins:http://localhost:8080/job/asgard/18/")
            #expect(e.version == "c6d86dc654b12425e706bcf951adfe5a8627a517")
            #expect(e.summary == "asgard #18 on origin/master")
            #expect(e.attributes?.contains(#""scm":"https://github.com/evgeny-goldin/asgard.git""#) == true)
        },
        "local/jenkins/matrix-neb-finalized.json": { r in
            // FINALIZED alone: what an endpoint set to "Job Finalized", as the plugin's documentation suggests, receives.
            try notADeployJob(r, "Synapse")
            let e = try jenkinsDeploy("local/jenkins/matrix-neb-finalized.json", timeless: true)
            #expect(e.status == "succeeded")
            #expect(e.id == "jenkins:http://localhost:9009/job/Synapse/8/")
            #expect(e.version == "72aef114ab1201f5a5cd734220c9ec738c4e2910")
            #expect(e.summary == "Synapse #8 on origin/develop")
        },
        "local/jenkins/arstoplight-2011-started.json": { r in
            try notADeployJob(r, "testing")
            // The first plugin's three phases, received a minute apart: one deploy from start to finish.
            let stages = try ["started", "completed", "finished"].enumerated().map { i, phase in
                try jenkinsDeploy("local/jenkins/arstoplight-2011-\(phase).json", timeless: true, at: received + .minutes(Int64(i)))
            }
            #expect(stages.map(\.status) == ["started", "succeeded", "succeeded"])
            #expect(Set(stages.map(\.id)) == ["jenkins:https:///jenkins/job/testing/1/"])
            let first = try #require(ChangeLifecycle.merge(stages[0], stages[1]))
            let merged = try #require(ChangeLifecycle.merge(first, stages[2]))
            #expect(merged.time == received)
            #expect(merged.end == received + .minutes(2))
            #expect(merged.status == "succeeded")
        },
        "local/jenkins/arstoplight-2011-completed.json": { r in try notADeployJob(r, "testing") },
        "local/jenkins/arstoplight-2011-finished.json": { r in try notADeployJob(r, "testing") },
        "local/jenkins/es-logger-zmq-completed.json": { r in
            // The ZMQ event publisher's messages copy the plugin's, with the node the build ran on.
            try notADeployJob(r, "sample-job")
            let e = try jenkinsDeploy("local/jenkins/es-logger-zmq-completed.json", timeless: true)
            #expect(e.status == "succeeded")
            #expect(e.id == "jenkins:https://joc.example.com/jenkins/jenkins_url/job/folder/job/sample-job/123/")
            #expect(e.summary == "sample-job #123")
        },
        "local/jenkins/es-logger-zmq-finished.json": { r in
            try notADeployJob(r, "sample-job")
            #expect(try jenkinsDeploy("local/jenkins/es-logger-zmq-finished.json", timeless: true).status == "succeeded")
        },

        // UptimeRobot has no reader: it is named, and a [[mapping]] reads it (MappingTests).
        "local/uptimerobot/zulip-uptimerobot_monitor_down.json": { r in
            try unrecognised(r, looksLike: "an UptimeRobot monitor alert", producer: "UptimeRobot")
        },
        "local/uptimerobot/zulip-uptimerobot_monitor_up.json": { r in
            try unrecognised(r, looksLike: "an UptimeRobot monitor alert", producer: "UptimeRobot")
        },

        // The admin events API's answers: each event read on its own, newest first as Unleash lists them.
        "local/unleash/docs-admin-events.json": { r in try unleashEventList(r) },
        "local/unleash/docs-admin-events-toggle.json": { r in try unleashEventList(r) },
    ]

    /// The artifact of the CDEvents spec's examples, but for its last three digits.
    static let cdeventsArtifact = "pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93"

    /// A CDEvents service event of the spec's examples: the subject id is the service, the environment
    /// id its environment, the context's timestamp (to the millisecond) its time.
    static func cdeventsService(_ r: AdapterReadResult, _ kind: EventKind, _ summary: String) throws -> Event {
        let e = try one(r, .cdevents)
        #expect(e.kind == kind && e.status == nil)
        #expect(e.service == "mySubject123")
        #expect(e.environment == "test123")
        #expect(e.time == t("2023-03-20T14:27:05.315Z"))
        #expect(e.summary == summary)
        #expect(e.source == "/event/source/123")
        return e
    }

    /// Unleash's documented events-API answer: a flag enabled, then disabled, in `development`.
    static func unleashEventList(_ r: AdapterReadResult) throws {
        #expect(r.formats == [.unleash])
        #expect(r.invalid.isEmpty, "\(r.invalid)")
        #expect(r.events.count == 2)
        let (enabled, disabled) = (r.events[0], r.events[1])
        #expect(enabled.id == "unleash:842")
        #expect(enabled.kind == .release)
        #expect(enabled.time == t("2022-05-12T08:49:49.521Z"))
        #expect(enabled.version == "my-constrained-toggle")
        #expect(enabled.service == "my-project")
        #expect(enabled.environment == "development")
        #expect(enabled.actor == "user@company.com")
        #expect(enabled.summary == "flag my-constrained-toggle enabled in development")
        #expect(disabled.id == "unleash:841")
        #expect(disabled.summary == "flag my-constrained-toggle disabled in development")
        #expect(disabled.time == t("2022-05-12T08:49:45.986Z"))
    }

    /// A Jenkins job skipped by the default deploy pattern, which its name does not match.
    static func notADeployJob(_ r: AdapterReadResult, _ job: String) throws {
        skippedOnly(r, .jenkins, "Jenkins job '\(job)' is not a deploy job (its name does not match the deploy pattern, github.deploy_workflows)")
    }

    /// A Jenkins fixture read with a deploy pattern its job matches; a `timeless` one (no `build.timestamp`)
    /// is first refused for its missing time, then read at `at`, the time it was received.
    static func jenkinsDeploy(_ name: String, timeless: Bool = false, at: Timestamp = received) throws -> Event {
        var options = AdapterOptions(deployWorkflowPattern: ".")
        if timeless {
            let refused = try read(name, options: options)
            #expect(refused.events.isEmpty)
            #expect(refused.invalid.map(\.cause) == [.noTime])
            options.receivedAt = at
        }
        let e = try one(try read(name, options: options), .jenkins)
        #expect(e.kind == .deploy)
        #expect(e.source == "jenkins")
        if timeless {
            #expect(e.time == at)
            #expect(e.attributes?.contains(#""time_source":"received""#) == true)
        }
        return e
    }

    /// A payload without its time: invalid with the reason, then read at the receipt time, noted in attributes.
    static func needsReceiptTime(_ r: AdapterReadResult, _ format: InputFormat, field: String?, file: String, _ check: (Event) throws -> Void) throws {
        #expect(r.formats == [format])
        #expect(r.events.isEmpty)
        let issue = try #require(r.invalid.first)
        #expect(r.invalid.count == 1)
        #expect(issue.field == field)
        #expect(issue.message.contains("give the time the event was received"))
        #expect(issue.cause == .noTime, "so the command line can say which option gives the time")
        let stamped = try read(file, options: AdapterOptions(receivedAt: received))
        let e = try one(stamped, format)
        #expect(e.time == received)
        #expect(e.attributes?.contains(#""time_source":"received""#) == true)
        try check(e)
    }

    /// An unsupported payload of a producer Hindsight knows: one error saying what it looks like, that
    /// Hindsight does not read it yet, and the way in (a mapping, or native events).
    static func unrecognised(_ r: AdapterReadResult, looksLike: String, producer: String) throws {
        #expect(r.events.isEmpty)
        let issue = try #require(r.invalid.first)
        #expect(r.invalid.count == 1)
        #expect(issue.message.hasPrefix("this payload looks like \(looksLike), which Hindsight does not read yet"))
        #expect(issue.message.hasSuffix(PayloadDescriber.remedy))
        #expect(issue.unrecognised == IngestIssue.Unrecognised(closest: nil, producer: producer))
    }

    /// Every `.json` fixture, shared (`cdevents/x.json`, `realworld/…`) and local (`local/…`).
    static var allFixtures: [String] {
        func walk(_ root: URL, prefix: String) -> [String] {
            let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            return (e?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "json" }.map {
                prefix + $0.standardized.path.dropFirst(root.standardized.path.count + 1)
            }
        }
        return (walk(S.fixtures, prefix: "") + walk(local, prefix: "local/")).sorted()
    }

    @Test func everyFixtureIsCovered() {
        let missing = Self.allFixtures.filter { Self.checks[$0] == nil }
        #expect(missing.isEmpty, "fixtures without expectations: \(missing)")
        #expect(Self.allFixtures.count >= 70)
    }

    @Test("each fixture read with --format auto", arguments: RealWorldFixtureTests.allFixtures)
    func fixture(_ name: String) throws {
        let check = try #require(Self.checks[name])
        try check(try Self.read(name))
    }

    @Test func everyFixtureIntoOneReadTogetherAsJSONLinesIsDetectedPerLine() throws {
        // Mixed JSON Lines: one line per fixture (each made one line), each recognised on its own.
        let names = [
            "realworld/gitlab/go-gitlab-deployment.json", "realworld/sentry/docs-issue-created.json",
            "realworld/flux/generic-webhook-event-v1beta3.json", "local/opsgenie/zulip-create.json",
        ]
        var lines = [#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api"}"#]
        for name in names {
            let path = name.hasPrefix("local/") ? Self.local.appendingPathComponent(String(name.dropFirst(6))).path : S.fixture(name)
            let value = try #require(PayloadDecoder.parseQuietly(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
            lines.append(value.json)
        }
        let r = try S.read(text: lines.joined(separator: "\n") + "\n", name: "mixed.jsonl")
        #expect(r.invalid.isEmpty, "\(r.invalid)")
        #expect(r.events.map(\.source) == [nil, "gitlab", "sentry", "flux", "opsgenie"])
        #expect(r.locations.map(\.line) == [1, 2, 3, 4, 5])
    }
}
