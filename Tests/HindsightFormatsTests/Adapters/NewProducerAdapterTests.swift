import Hindsight
import Testing

@testable import HindsightFormats

/// Paths of the newer producers that the captured fixtures do not exercise, on payloads built from
/// each producer's documented schema (field names and value formats as documented).
@Suite struct NewProducerAdapterTests {
    typealias S = AdapterTestSupport

    /// An Argo CD Application as `{{toJson .app}}` renders it (argoproj.io/v1alpha1 Application).
    static func argoApp(phase: String, finishedAt: String? = nil, health: String = "Progressing") -> String {
        let finished = finishedAt.map { #","finishedAt":"\#($0)""# } ?? ""
        return """
            {"app":{"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
              "metadata":{"name":"guestbook","namespace":"argocd","labels":{"environment":"staging"}},
              "spec":{"source":{"repoURL":"https://github.com/argoproj/argocd-example-apps","path":"guestbook"},
                      "destination":{"server":"https://kubernetes.default.svc","namespace":"guestbook"}},
              "status":{"sync":{"status":"Synced","revision":"53e28ff20cc530b9ada2173fbbd64d48338583ba"},
                        "health":{"status":"\(health)","message":"deployment unavailable"},
                        "reconciledAt":"2024-06-01T10:06:00Z",
                        "operationState":{"phase":"\(phase)","startedAt":"2024-06-01T10:00:00Z"\(finished),
                          "operation":{"sync":{"revision":"53e28ff20cc530b9ada2173fbbd64d48338583ba"},"initiatedBy":{"username":"admin"}},
                          "syncResult":{"revision":"53e28ff20cc530b9ada2173fbbd64d48338583ba"}}}}}
            """
    }

    @Test func argoCDSyncStagesShareOneIdAndCarryTheRange() throws {
        let running = try #require(try S.read(text: Self.argoApp(phase: "Running")).only)
        let done = try S.read(text: Self.argoApp(phase: "Succeeded", finishedAt: "2024-06-01T10:04:00Z"))
        #expect(done.formats == [.argocd])
        let succeeded = try #require(done.only)
        #expect(running.id == succeeded.id)
        #expect(running.id == "argocd:argocd/guestbook:2024-06-01T10:00:00Z")
        #expect(running.status == "started")
        #expect(succeeded.status == "succeeded")
        #expect(succeeded.time == S.time("2024-06-01T10:00:00Z"))
        #expect(succeeded.end == S.time("2024-06-01T10:04:00Z"))
        #expect(succeeded.service == "guestbook")
        #expect(succeeded.environment == "staging")
        #expect(succeeded.version == "53e28ff20cc530b9ada2173fbbd64d48338583ba")
        #expect(succeeded.actor == "admin")
        #expect(ChangeLifecycle.merge(running, succeeded) == succeeded)
    }

    @Test func argoCDFailedSyncAndDegradedHealth() throws {
        let result = try S.read(text: Self.argoApp(phase: "Failed", finishedAt: "2024-06-01T10:05:00Z", health: "Degraded"))
        #expect(result.events.map(\.kind) == [.deploy, .alert])
        #expect(result.events[0].status == "failed")
        #expect(result.events[1].status == "firing")
        #expect(result.events[1].time == S.time("2024-06-01T10:06:00Z"))  // reconciledAt
        #expect(result.events[1].summary == "argocd/guestbook health degraded: deployment unavailable")
    }

    @Test func kubernetesBackOffIsACrashOfItsWorkload() throws {
        let core = """
            {"apiVersion":"v1","kind":"Event","count":7,"firstTimestamp":"2024-06-01T10:00:00Z","lastTimestamp":"2024-06-01T10:09:00Z",
             "involvedObject":{"kind":"Pod","name":"checkout-7d4b9c8f6-x2k9q","namespace":"shop","fieldPath":"spec.containers{app}"},
             "metadata":{"name":"checkout-7d4b9c8f6-x2k9q.17a","namespace":"shop","uid":"u-1"},
             "reason":"BackOff","message":"Back-off restarting failed container app","source":{"component":"kubelet","host":"node-3"},"type":"Warning"}
            """
        let result = try S.read(text: core)
        #expect(result.formats == [.kubernetes])
        let e = try #require(result.only)
        #expect(e.kind == .crash)
        #expect(e.service == "checkout")  // the Deployment behind the pod
        #expect(e.host == "checkout-7d4b9c8f6-x2k9q")
        #expect(e.count == 7)
        #expect(e.time == S.time("2024-06-01T10:00:00Z"))
        #expect(e.end == S.time("2024-06-01T10:09:00Z"))
        #expect(e.severity == "Warning")
        #expect(e.labels?["namespace"] == "shop")
        #expect(e.id == "kubernetes:u-1:7")
    }

    @Test func kubernetesEventsV1RolloutIsADeploy() throws {
        let v1 = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","eventTime":"2024-06-01T09:58:00.000000Z","reason":"ScalingReplicaSet",
             "regarding":{"kind":"Deployment","name":"checkout","namespace":"shop"},"note":"Scaled up replica set checkout-7d4b9c8f6 to 3",
             "reportingController":"deployment-controller","reportingInstance":"","action":"Scaling","type":"Normal",
             "metadata":{"name":"checkout.17b","namespace":"shop","uid":"u-2"}}
            """
        let e = try #require(try S.read(text: v1).only)
        #expect(e.kind == .deploy)
        #expect(e.service == "checkout")
        #expect(e.summary == "Scaled up replica set checkout-7d4b9c8f6 to 3")
        #expect(e.actor == "deployment-controller")
        #expect(e.time == S.time("2024-06-01T09:58:00Z"))
    }

    @Test func launchDarklyFlagTurnedOnIsAReleaseOfTheFlag() throws {
        let entry = """
            {"_links":{"site":{"href":"/default/production/features/new-checkout","type":"text/html"}},
             "_id":"6605a1","date":1717236000000,"accesses":[{"action":"updateOn","resource":"proj/default:env/production:flag/new-checkout"}],
             "kind":"flag","name":"New checkout","description":"turned on","member":{"email":"ana@example.com","firstName":"Ana","lastName":"Lee"},
             "titleVerb":"turned on the flag","target":{"name":"New checkout","resources":["proj/default:env/production:flag/new-checkout"]}}
            """
        let result = try S.read(text: entry)
        #expect(result.formats == [.launchdarkly])
        let e = try #require(result.only)
        #expect(e.kind == .release)
        #expect(e.version == "new-checkout")
        #expect(e.service == "default")
        #expect(e.environment == "production")
        #expect(e.time == Timestamp(milliseconds: 1_717_236_000_000))
        #expect(e.actor == "ana@example.com")
        #expect(e.summary == "Ana Lee turned on the flag new-checkout")
        #expect(e.id == "launchdarkly:6605a1")
    }

    @Test func unleashFlagEnabledInAnEnvironmentIsARelease() throws {
        let event = """
            {"id":41,"type":"feature-environment-enabled","createdBy":"ana@example.com","createdAt":"2024-06-01T10:00:00.000Z",
             "featureName":"new-checkout","project":"shop","environment":"production","data":null,"tags":[]}
            """
        let result = try S.read(text: event)
        #expect(result.formats == [.unleash])
        let e = try #require(result.only)
        #expect(e.kind == .release)
        #expect(e.version == "new-checkout")
        #expect(e.service == "shop")
        #expect(e.environment == "production")
        #expect(e.summary == "flag new-checkout enabled in production")
        #expect(e.id == "unleash:41")
    }

    @Test func gitLabDeploymentStagesShareOneId() throws {
        func stage(_ status: String, _ at: String) -> String {
            #"{"object_kind":"deployment","status":"\#(status)","status_changed_at":"\#(at)","deployment_id":15,"environment":"production","project":{"id":30,"path_with_namespace":"shop/web"},"short_sha":"279484c0","user":{"username":"ana"}}"#
        }
        let result = try S.read(
            text: stage("running", "2021-04-28 21:40:00 +0200") + "\n" + stage("failed", "2021-04-28 21:50:00 +0200") + "\n",
            name: "gitlab.jsonl")
        #expect(result.events.map(\.status) == ["started", "failed"])
        #expect(Set(result.events.map(\.id)) == ["gitlab:deployment:30:15"])
        let merged = try #require(ChangeLifecycle.merge(result.events[0], result.events[1]))
        #expect(merged.time == S.time("2021-04-28T19:40:00Z"))
        #expect(merged.end == S.time("2021-04-28T19:50:00Z"))
        #expect(merged.status == "failed")
    }

    @Test func fluxProgressingThenSucceededIsOneDeploy() throws {
        func event(_ severity: String, _ reason: String, _ at: String) -> String {
            #"{"involvedObject":{"kind":"HelmRelease","name":"podinfo","namespace":"apps"},"severity":"\#(severity)","timestamp":"\#(at)","message":"\#(reason)","reason":"\#(reason)","metadata":{"revision":"6.5.0"},"reportingController":"helm-controller"}"#
        }
        let result = try S.read(
            text: event("info", "Progressing", "2024-06-01T10:00:00Z") + "\n"
                + event("info", "UpgradeSucceeded", "2024-06-01T10:02:00Z") + "\n", name: "flux.jsonl")
        #expect(result.formats == [.flux])
        #expect(result.events.map(\.status) == ["started", "succeeded"])
        #expect(Set(result.events.map(\.id)) == ["flux:HelmRelease/apps/podinfo:6.5.0"])
    }

    @Test func opsgenieAcknowledgeIsSkipped() throws {
        let ack = #"{"action":"Acknowledge","alert":{"alertId":"a1","message":"m","createdAt":1502709956288},"integrationName":"Webhook"}"#
        let result = try S.read(text: ack)
        #expect(result.formats == [.opsgenie])
        #expect(result.skipped == ["Opsgenie action 'Acknowledge' is a responder's action, not an alert state"])
    }

    @Test func pagerDutyAcknowledgedIncidentIsANoteOnIt() throws {
        let ack = """
            {"event":{"id":"E1","event_type":"incident.acknowledged","resource_type":"incident","occurred_at":"2021-06-04T13:40:00Z",
             "agent":{"summary":"Ana Lee"},"data":{"id":"PFQZPSY","type":"incident","title":"Test Incident 3","service":{"summary":"pig208"}}}}
            """
        let e = try #require(try S.read(text: ack).only)
        #expect(e.kind == .note)
        #expect(e.incident == "pagerduty:PFQZPSY")
        #expect(e.summary == "acknowledged by Ana Lee")
        #expect(e.actor == "Ana Lee")
    }

    @Test func workflowRunStagesOfADeployWorkflowShareOneId() throws {
        func run(_ status: String, conclusion: String?) -> String {
            let c = conclusion.map { #""\#($0)""# } ?? "null"
            return
                #"{"action":"\#(status == "completed" ? "completed" : "in_progress")","workflow_run":{"id":30433642,"name":"Deploy production","run_attempt":1,"status":"\#(status)","conclusion":\#(c),"head_sha":"acb5820ced9479c074f688cc328bf03f341a511d","head_branch":"main","run_started_at":"2024-06-01T10:00:00Z","updated_at":"2024-06-01T10:07:00Z","html_url":"https://github.com/o/r/actions/runs/30433642"},"repository":{"full_name":"o/r"},"sender":{"login":"ana"}}"#
        }
        let result = try S.read(text: run("in_progress", conclusion: nil) + "\n" + run("completed", conclusion: "failure") + "\n", name: "gh.jsonl")
        #expect(result.events.map(\.status) == ["started", "failed"])
        #expect(Set(result.events.map(\.id)) == ["github:workflow_run:30433642:1"])
        #expect(result.events[1].end == S.time("2024-06-01T10:07:00Z"))
        #expect(result.events[1].version == "acb5820ced9479c074f688cc328bf03f341a511d")
    }

    @Test func pagerDutyV2WebhookMessagesAreTheIncidentLifecycle() throws {
        // The shape of a v2 webhook (zulip/zulip's trigger_v2.json, cut to the fields read).
        let body = """
            {"messages":[
              {"event":"incident.trigger","id":"69a7ced0-a2cd-11e7-a799-22000a15839c","created_on":"2017-09-26T15:14:36Z",
               "log_entries":[{"agent":{"summary":"Laura Haley"}}],
               "incident":{"incident_number":33,"title":"My new incident","status":"triggered","urgency":"high","id":"PRORDTY",
                           "html_url":"https://webdemo.pagerduty.com/incidents/PRORDTY","service":{"id":"PN49J75","name":"Production XDB Cluster"}}},
              {"event":"incident.assign","id":"2","created_on":"2017-09-26T15:20:00Z","incident":{"id":"PRORDTY"}}]}
            """
        let result = try S.read(text: body)
        #expect(result.formats == [.pagerduty])
        let e = try #require(result.only)
        #expect(e.kind == .incident && e.status == "declared")
        #expect(e.incident == "pagerduty:PRORDTY")
        #expect(e.service == "Production XDB Cluster")
        #expect(e.title == "My new incident")
        #expect(e.time == S.time("2017-09-26T15:14:36Z"))
        #expect(e.severity == "high")
        #expect(e.id == "pagerduty:message:69a7ced0-a2cd-11e7-a799-22000a15839c")
        #expect(result.skipped == ["PagerDuty webhook event incident.assign is not an incident state"])
    }

    @Test func kubectlGetEventsOutputIsReadItemByItem() throws {
        let list = """
            {"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[
             {"apiVersion":"v1","kind":"Event","count":2,"firstTimestamp":"2024-06-01T10:00:00Z","lastTimestamp":"2024-06-01T10:01:00Z",
              "involvedObject":{"kind":"Pod","name":"db-0","namespace":"shop"},"metadata":{"name":"db-0.1","namespace":"shop","uid":"u-3"},
              "reason":"OOMKilled","message":"Container db was OOM killed","type":"Warning"},
             {"apiVersion":"v1","kind":"Event","count":1,"firstTimestamp":"2024-06-01T09:59:00Z","lastTimestamp":"2024-06-01T09:59:00Z",
              "involvedObject":{"kind":"Pod","name":"db-0","namespace":"shop"},"metadata":{"name":"db-0.2","namespace":"shop","uid":"u-4"},
              "reason":"Pulled","message":"Container image already present","type":"Normal"}]}
            """
        let result = try S.read(text: list)
        #expect(result.formats == [.kubernetes])
        let e = try #require(result.only)
        #expect(e.kind == .crash)
        #expect(e.service == "db")  // StatefulSet pod db-0
        #expect(e.count == 2)
        #expect(result.skipped == ["Kubernetes event reason 'Pulled' is routine, neither a change nor a failure"])
    }

    @Test func sentryLegacyPluginWebhookIsACrash() throws {
        // The shape of Sentry's legacy webhooks plugin (zulip/zulip's sample_event_through_plugin.json, cut to the fields read).
        let body = """
            {"id":"4218258981","project":"python","project_name":"python","project_slug":"python","level":"error",
             "culprit":"raven.scripts.runner in main","message":"This is an example Python exception",
             "url":"https://nitk-46.sentry.io/issues/4218258981/?referrer=webhooks_plugin","triggering_rules":[],
             "event":{"event_id":"4dc4fc2858aa450eb658be9e5b8ad149","level":"error","platform":"python","timestamp":1688935284.772,
                      "environment":"prod","logentry":{"formatted":"This is an example Python exception"}}}
            """
        let result = try S.read(text: body)
        #expect(result.formats == [.sentry])
        let e = try #require(result.only)
        #expect(e.kind == .crash)
        #expect(e.service == "python")
        #expect(e.environment == "prod")
        #expect(e.time == Timestamp(milliseconds: 1_688_935_284_772))
        #expect(e.summary == "This is an example Python exception")
        #expect(e.url == "https://nitk-46.sentry.io/issues/4218258981/?referrer=webhooks_plugin")
        #expect(e.id == "sentry:event:4dc4fc2858aa450eb658be9e5b8ad149")
    }
}
