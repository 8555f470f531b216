import Hindsight
import Testing

@testable import HindsightFormats

/// Paths of the Datadog, New Relic, Jenkins, Terraform, CircleCI, Rollbar and Statuspage readers that
/// the captured fixtures do not exercise, on payloads built from each producer's documented schema.
@Suite struct MonitoringProducerAdapterTests {
    typealias S = AdapterTestSupport

    @Test func datadogWebhookWithTheVariablesTeamsAdd() throws {
        // $ALERT_TRANSITION, $TAGS, $HOSTNAME, $ALERT_PRIORITY, $LINK, $ALERT_CYCLE_KEY added to the default payload.
        let fired = """
            {"id":"7281","last_updated":"1719400000000","event_type":"query_alert_monitor","title":"[P1] [Triggered on {env:prod}] Checkout errors",
             "date":"1719400000000","org":{"id":"1","name":"Acme"},"body":"%%%\\nerrors above 5%\\n%%%","alert_transition":"Triggered",
             "tags":"service:checkout,env:prod,team:payments,monitor","hostname":"web-7","alert_priority":"P1",
             "link":"https://app.datadoghq.com/monitors/42","alert_id":"42","alert_cycle_key":"c-42"}
            """
        let result = try S.read(text: fired)
        #expect(result.formats == [.datadog])
        let e = try #require(result.only)
        #expect(e.kind == .alert && e.status == "firing")
        #expect(e.time == S.time("2024-06-26T11:06:40Z"))
        #expect(e.service == "checkout")  // the monitor's service tag
        #expect(e.environment == "prod")
        #expect(e.host == "web-7")
        #expect(e.severity == "P1")
        #expect(e.summary == "Checkout errors")  // the priority and transition brackets are dropped
        #expect(e.labels?["team"] == "payments")
        #expect(e.url == "https://app.datadoghq.com/monitors/42")
        #expect(e.id == "datadog:7281")
        #expect(result.warnings.isEmpty)
        // Tags as Datadog's API lists them (an array) read the same; "Recovered" resolves.
        let recovered = try #require(
            try S.read(
                text:
                    #"{"id":"7290","date":1719400600,"event_type":"query_alert_monitor","alert_transition":"Recovered","title":"[Recovered] Checkout errors","tags":["service:checkout"]}"#
            ).only)
        #expect(recovered.status == "resolved")
        #expect(recovered.time == S.time("2024-06-26T11:16:40Z"))  // seconds since 1970
        #expect(recovered.service == "checkout")
        // A transition that is no alert state (a muted monitor) is skipped, saying why.
        let muted = try S.read(text: #"{"id":"1","date":"1719400000000","event_type":"query_alert_monitor","alert_transition":"Muted","title":"x"}"#)
        #expect(muted.skipped == ["Datadog transition 'Muted' is not an alert state (Hindsight reads triggered, warn, no data and recovered)"])
        // No date and no receipt time: invalid, naming $DATE.
        let undated = try S.read(text: #"{"id":"2","event_type":"query_alert_monitor","alert_transition":"Triggered","title":"x","tags":"service:a"}"#)
        #expect(undated.invalid.first?.field == "date")
        let stamped = try S.read(
            text: #"{"id":"2","event_type":"query_alert_monitor","alert_transition":"Triggered","title":"x","tags":"service:a"}"#,
            options: AdapterOptions(receivedAt: S.time("2024-06-26T12:00:00Z")))
        #expect(stamped.only?.time == S.time("2024-06-26T12:00:00Z"))
        #expect(stamped.only?.attributes?.contains(#""time_source":"received""#) == true)
    }

    @Test func newRelicAcknowledgedIssueIsSkippedAndEntityObjectsAreRead() throws {
        let acked = try S.read(text: #"{"id":"i-1","issueUrl":"https://x","state":"ACKNOWLEDGED","createdAt":1713755131352,"impactedEntities":["api"]}"#)
        #expect(acked.formats == [.newrelic])
        #expect(acked.skipped == ["New Relic issue state ACKNOWLEDGED is a responder's action, not an alert state"])
        let activated = try #require(
            try S.read(
                text:
                    #"{"issueId":"i-2","issueUrl":"https://x","state":"ACTIVATED","activatedAt":"2024-04-22T03:05:31Z","createdAt":1713755000000,"impactedEntities":[{"name":"billing-api","guid":"g"}],"priority":"HIGH"}"#
            ).only)
        #expect(activated.service == "billing-api")
        #expect(activated.time == S.time("2024-04-22T03:05:31Z"))  // activatedAt wins over createdAt
        #expect(activated.id == "newrelic:i-2:firing")
    }

    @Test func newRelicActivatedIssueIsReadOnceByItsTrigger() throws {
        func activated(_ extra: String) throws -> AdapterReadResult {
            try S.read(text: #"{"id":"i-3","issueUrl":"https://x","state":"ACTIVATED","createdAt":1713755131352,"impactedEntities":["api"]"# + extra + "}")
        }
        // The activation: a state change, or the first incident of an issue created and activated at once.
        #expect(try activated("").only?.status == "firing")
        #expect(try activated(#","trigger":"STATE_CHANGE","totalIncidents":3"#).only?.status == "firing")
        #expect(try activated(#","trigger":"INCIDENT_ADDED","totalIncidents":1"#).only?.status == "firing")
        #expect(try activated(#","trigger":"INCIDENT_ADDED""#).only?.id == "newrelic:i-3:firing")
        // Later notifications of the activated issue update the alert already read.
        #expect(
            try activated(#","trigger":"INCIDENT_ADDED","totalIncidents":2"#).skipped == [
                "New Relic notification of incident 2 added to an issue already activated updates the alert its activation reported"
            ])
        #expect(
            try activated(#","trigger":"PRIORITY_CHANGED""#).skipped == [
                "New Relic notification of an issue already activated (trigger PRIORITY_CHANGED) updates the alert its activation reported"
            ])
        // A trigger that is not a string is refused, naming it.
        #expect(try activated(#","trigger":7"#).invalid.first?.field == "trigger")
    }

    /// A Notification plugin message as its `JobState`/`BuildState` model writes it.
    static func jenkins(job: String = "deploy-checkout", phase: String, status: String? = nil, timestamp: String? = nil, duration: Int? = nil) -> String {
        let extra = [
            status.map { #""status":"\#($0)""# }, timestamp.map { #""timestamp":\#($0)"# }, duration.map { #""duration":\#($0)"# },
        ].compactMap { $0 }.map { "," + $0 }.joined()
        return """
            {"name":"\(job)","display_name":"\(job)","url":"job/\(job)/","build":{"full_url":"https://ci.example.com/job/\(job)/42/",
             "number":42,"queue_id":7,"phase":"\(phase)","url":"job/\(job)/42/"\(extra),
             "scm":{"url":"https://github.com/acme/checkout.git","branch":"origin/main","commit":"c6d86dc7","changes":[],"culprits":["alice"]},
             "parameters":{"ENVIRONMENT":"production"},"log":"","notes":"","artifacts":{}}}
            """
    }

    @Test func jenkinsDeployJobStagesShareOneIdAndMerge() throws {
        // The plugin's timestamp is the phase's own time: STARTED the start, COMPLETED the start plus the duration.
        let started = try #require(try S.read(text: Self.jenkins(phase: "STARTED", timestamp: "1569761481042", duration: 0)).only)
        let completed = try #require(
            try S.read(text: Self.jenkins(phase: "COMPLETED", status: "SUCCESS", timestamp: "1569761576042", duration: 95000)).only)
        #expect(started.kind == .deploy && started.status == "started")
        #expect(started.time == S.time("2019-09-29T12:51:21.042Z"))
        #expect(started.end == nil)
        #expect(completed.status == "succeeded")
        #expect(started.id == "jenkins:https://ci.example.com/job/deploy-checkout/42/")
        #expect(started.id == completed.id)
        #expect(completed.time == S.time("2019-09-29T12:51:21.042Z"))  // timestamp - duration
        #expect(completed.end == S.time("2019-09-29T12:52:56.042Z"))  // timestamp
        #expect(completed.service == "deploy-checkout")
        #expect(completed.environment == "production")
        #expect(completed.version == "c6d86dc7")
        #expect(completed.actor == "alice")
        #expect(completed.summary == "deploy-checkout #42 on origin/main")
        #expect(ChangeLifecycle.merge(started, completed) == completed)
        // FINALIZED comes once post-build actions ran: its timestamp is then, the end of the deploy.
        let finalized = try #require(
            try S.read(text: Self.jenkins(phase: "FINALIZED", status: "SUCCESS", timestamp: "1569761578500", duration: 95000)).only)
        #expect(finalized.status == "succeeded")
        #expect(finalized.time == S.time("2019-09-29T12:52:58.5Z"))
        #expect(finalized.end == nil)
        let merged = try #require(ChangeLifecycle.merge(completed, finalized))
        #expect(merged.time == S.time("2019-09-29T12:51:21.042Z"))
        #expect(merged.end == S.time("2019-09-29T12:52:58.5Z"))
        #expect(merged.status == "succeeded")
        // Before 1.15 there is no duration: COMPLETED's timestamp is when the build ended.
        let ended = try #require(try S.read(text: Self.jenkins(phase: "COMPLETED", status: "ABORTED", timestamp: "1569761576042")).only)
        #expect(ended.status == "failed")
        #expect(ended.time == S.time("2019-09-29T12:52:56.042Z"))
        #expect(ended.end == nil)
        #expect(ChangeLifecycle.merge(started, ended)?.end == S.time("2019-09-29T12:52:56.042Z"))
        // The text timestamp of an unreleased variant is the build's start, its fraction .42 is 42 ms.
        let text = try #require(
            try S.read(text: Self.jenkins(phase: "COMPLETED", status: "SUCCESS", timestamp: #""2019-09-29T12:52:56.42+00:00""#, duration: 95000)).only)
        #expect(text.time == S.time("2019-09-29T12:52:56.042Z"))
        #expect(text.end == S.time("2019-09-29T12:54:31.042Z"))
        #expect(try S.read(text: Self.jenkins(phase: "QUEUED")).skipped == ["Jenkins phase QUEUED is before the build runs"])
        #expect(try S.read(text: Self.jenkins(job: "unit-tests", phase: "STARTED")).skipped.first?.contains("is not a deploy job") == true)
    }

    @Test func jenkinsWithoutATimeTakesTheReceiptTime() throws {
        let bare = try S.read(text: Self.jenkins(phase: "COMPLETED", status: "FAILURE"))
        #expect(bare.formats == [.jenkins])
        #expect(bare.invalid.first?.message.contains("give the time the event was received") == true)
        let received = try #require(
            try S.read(text: Self.jenkins(phase: "COMPLETED", status: "FAILURE"), options: AdapterOptions(receivedAt: S.time("2024-05-01T12:00:00Z")))
                .only)
        #expect(received.time == S.time("2024-05-01T12:00:00Z"))
        #expect(received.status == "failed")
        #expect(received.attributes?.contains(#""time_source":"received""#) == true)
    }

    /// A run notification as HCP Terraform's generic webhook sends it.
    static func terraform(status: String, trigger: String, at: String) -> String {
        """
        {"payload_version":1,"notification_configuration_id":"nc-1","run_url":"https://app.terraform.io/app/acme/networking/runs/run-abc",
         "run_id":"run-abc","run_message":"Open port 443","run_created_at":"2024-06-01T10:00:00.000Z","run_created_by":"alice",
         "workspace_id":"ws-1","workspace_name":"networking","organization_name":"acme",
         "notifications":[{"message":"Run \(status)","trigger":"\(trigger)","run_status":"\(status)","run_updated_at":"\(at)","run_updated_by":"bob"}]}
        """
    }

    @Test func terraformApplyingThenAppliedIsOneConfigChange() throws {
        let applying = try #require(try S.read(text: Self.terraform(status: "applying", trigger: "run:applying", at: "2024-06-01T10:05:00.000Z")).only)
        let applied = try #require(try S.read(text: Self.terraform(status: "applied", trigger: "run:completed", at: "2024-06-01T10:07:30.000Z")).only)
        #expect(applying.kind == .config && applying.status == "started")
        #expect(applied.status == "succeeded")
        #expect(applied.id == "terraform:run-abc" && applying.id == applied.id)
        #expect(applied.service == "networking")
        #expect(applied.actor == "bob")
        #expect(applied.summary == "terraform apply on networking: Open port 443")
        let merged = try #require(ChangeLifecycle.merge(applying, applied))
        #expect(merged.time == S.time("2024-06-01T10:05:00Z"))
        #expect(merged.end == S.time("2024-06-01T10:07:30Z"))
        #expect(merged.status == "succeeded")
    }

    /// A CircleCI job-completed webhook.
    static func circleJob(workflow: String, job: String, status: String) -> String {
        """
        {"id":"e-1","type":"job-completed","happened_at":"2024-06-01T10:05:00Z","webhook":{"id":"w","name":"hindsight"},
         "project":{"id":"p","name":"checkout","slug":"gh/acme/checkout"},"organization":{"id":"o","name":"acme"},
         "pipeline":{"id":"pl","number":9,"created_at":"2024-06-01T10:00:00Z","trigger":{"type":"webhook"},"vcs":{"revision":"abc123","branch":"main"}},
         "workflow":{"id":"wf-1","name":"\(workflow)","created_at":"2024-06-01T10:00:01Z","url":"https://app.circleci.com/wf-1"},
         "job":{"id":"job-1","name":"\(job)","started_at":"2024-06-01T10:02:00Z","stopped_at":"2024-06-01T10:04:00Z","status":"\(status)","number":33}}
        """
    }

    @Test func circleCIDeployJobOfAnotherWorkflowIsADeploy() throws {
        let e = try #require(try S.read(text: Self.circleJob(workflow: "main", job: "deploy-prod", status: "failed")).only)
        #expect(e.kind == .deploy && e.status == "failed")
        #expect(e.id == "circleci:job:job-1")
        #expect(e.time == S.time("2024-06-01T10:02:00Z"))
        #expect(e.end == S.time("2024-06-01T10:04:00Z"))
        #expect(e.version == "abc123")
        #expect(e.summary == "deploy-prod on main")
        // Inside a deploy workflow, the workflow's own event is the deploy: the job is not counted twice.
        let inside = try S.read(text: Self.circleJob(workflow: "build-and-deploy", job: "deploy-prod", status: "success"))
        #expect(inside.events.isEmpty)
        #expect(inside.skipped.first?.contains("whose workflow-completed event is the deploy") == true)
    }

    @Test func rollbarCodeVersionIsTheCrashVersion() throws {
        let payload = """
            {"event_name":"new_item","data":{"url":"https://rollbar.com/acme/checkout/items/12/","item":{"id":99,"project_id":7,"environment":"production",
             "title":"TypeError: x is undefined","first_occurrence_timestamp":1719400000,"total_occurrences":3,
             "last_occurrence":{"level":"error","code_version":"v2.4.1","server":{"host":"web-3"}}}}}
            """
        var options = AdapterOptions()
        options.rollbarProjects = ["7": "checkout"]
        let e = try #require(try S.read(text: payload, options: options).only)
        #expect(e.service == "checkout")
        #expect(e.version == "v2.4.1")
        #expect(e.count == 3)
        #expect(e.url == "https://rollbar.com/acme/checkout/items/12/")
        let resolved = try S.read(text: #"{"event_name":"resolved_item","data":{"item":{"id":99}}}"#)
        #expect(resolved.skipped == ["Rollbar resolved_item notification is not a new or reactivated item"])
    }

    @Test func statuspageResolutionAndMaintenanceAreSkipped() throws {
        func incident(_ status: String, scheduled: String = "null") -> String {
            """
            {"meta":{"generated_at":"2024-06-01T10:00:00Z"},"page":{"id":"pg","status_indicator":"major"},
             "incident":{"id":"inc-1","name":"Checkout down","status":"\(status)","impact":"major","scheduled_for":\(scheduled),"shortlink":"https://stspg.io/x",
              "incident_updates":[{"id":"u-2","status":"\(status)","body":"Looking into it","display_at":"2024-06-01T10:01:00Z",
                "affected_components":[{"code":"c","name":"Checkout","old_status":"operational","new_status":"major_outage"}]}],
              "components":[{"id":"c","name":"Checkout"}]}}
            """
        }
        let investigating = try #require(try S.read(text: incident("investigating")).only)
        #expect(investigating.kind == .report)
        #expect(investigating.service == "Checkout")
        #expect(investigating.severity == "major")
        #expect(investigating.id == "statuspage:inc-1:u-2")
        #expect(try S.read(text: incident("resolved")).skipped.first?.contains("'resolved' is not a report of trouble") == true)
        #expect(try S.read(text: incident("investigating", scheduled: #""2024-06-02T00:00:00Z""#)).skipped.first?.contains("maintenance") == true)
    }
}
