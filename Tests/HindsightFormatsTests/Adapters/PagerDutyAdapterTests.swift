import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct PagerDutyAdapterTests {
    typealias S = AdapterTestSupport

    @Test func changeEventFixtureIsADeploy() throws {
        let result = try S.read(file: S.fixture("pagerduty/change_event.json"))
        #expect(result.format == .pagerduty)
        let e = try #require(result.only)
        #expect(e.kind == .deploy)
        #expect(e.time == S.time("2020-07-17T08:42:58.315Z"))
        // The build host in payload.source is not a service: without custom_details.service or a routing key mapped, 'unknown'.
        #expect(e.service == "unknown")
        #expect(e.actor == "acme-build-pipeline-tool-default-i-9999")
        #expect(result.warnings.map(\.field) == ["payload.custom_details.service"])
        #expect(e.version == nil)
        #expect(e.environment == "production")
        #expect(e.summary == "Build Success: Increase snapshot create timeout to 30 seconds")
        #expect(e.url == "https://acme.pagerduty.dev/build/2")
    }

    @Test func triggerEventFixtureIsAFiringAlert() throws {
        let result = try S.read(file: S.fixture("pagerduty/trigger_event.json"))
        #expect(result.format == .pagerduty)
        let e = try #require(result.only)
        #expect(e.kind == .alert)
        #expect(e.status == "firing")
        #expect(e.time == S.time("2015-07-17T08:42:58.315Z"))
        #expect(e.service == "mysql")
        #expect(e.host == "prod-datapipe03.example.com")
        #expect(e.severity == "critical")
        #expect(e.environment == "production")
        #expect(e.labels?["group"] == "prod-datapipe")
        #expect(e.id == "pagerduty:srv01/mysql:trigger:2015-07-17T08:42:58.315Z")
    }

    @Test func changeKindAndServiceComeFromCustomDetails() throws {
        let text = """
            {"routing_key":"k","payload":{"summary":"DNS TTL lowered","timestamp":"2024-01-05T10:00:00.000+0100","source":"terraform",
              "custom_details":{"change_type":"config","service":"dns","version":"r-88","environment":"prod"}}}
            """
        let e = try #require(try S.read(text: text).only)
        #expect(e.kind == .config)
        #expect(e.time == S.time("2024-01-05T09:00:00Z"))
        #expect(e.service == "dns")
        #expect(e.version == "r-88")
        #expect(e.environment == "prod")
        #expect(e.actor == "terraform")
    }

    @Test func resolveWithTimestampResolvesTheAlert() throws {
        let text = """
            {"routing_key":"k","dedup_key":"srv01/mysql","event_action":"resolve",
             "payload":{"summary":"disk ok","timestamp":"2015-07-17T09:00:00+0000","source":"prod-datapipe03","severity":"info","component":"mysql"}}
            """
        let e = try #require(try S.read(text: text).only)
        #expect(e.kind == .alert)
        #expect(e.status == "resolved")
        #expect(e.time == S.time("2015-07-17T09:00:00Z"))
        #expect(e.id == "pagerduty:srv01/mysql:resolve:2015-07-17T09:00:00Z")
    }

    @Test func bareResolveNeedsTheReceiptTimeAndAcknowledgeIsSkipped() throws {
        let text = """
            {"routing_key":"k","dedup_key":"srv01/mysql","event_action":"acknowledge"}
            {"routing_key":"k","dedup_key":"srv01/mysql","event_action":"resolve"}
            """
        let result = try S.read(text: text, name: "pd.jsonl")
        #expect(result.format == .pagerduty)
        #expect(result.events.isEmpty)
        #expect(result.skipped == ["PagerDuty acknowledge event is a responder's action, not an alert state"])
        #expect(result.invalid.map(\.field) == ["payload.timestamp"])
        #expect(result.invalid.first?.message.contains("give the time the event was received") == true)

        let received = S.time("2024-05-01T12:00:00Z")
        let options = AdapterOptions(routingKeys: ["k": "mysql"], receivedAt: received)
        let stamped = try S.read(text: text, name: "pd.jsonl", options: options)
        let e = try #require(stamped.only)
        #expect(e.status == "resolved")
        #expect(e.time == received)
        #expect(e.service == "mysql")  // from the routing key's mapping
        #expect(e.id == "pagerduty:srv01/mysql:resolve:2024-05-01T12:00:00Z")
        #expect(e.attributes?.contains(#""time_source":"received""#) == true)
    }

    @Test func triggerWithoutTimestampIsInvalid() throws {
        let text = #"{"routing_key":"k","event_action":"trigger","payload":{"summary":"x","source":"h","severity":"error"}}"#
        let issue = try #require(try S.read(text: "\n\n" + text).invalid.first)
        #expect(issue.format == "pagerduty")
        #expect(issue.field == "payload.timestamp")
        #expect(issue.location.line == 3)
    }

    @Test func unknownActionIsInvalid() throws {
        let text =
            #"{"routing_key":"k","event_action":"escalate","payload":{"summary":"x","source":"h","severity":"error","timestamp":"2024-01-01T00:00:00Z"}}"#
        let issue = try #require(try S.read(text: text).invalid.first)
        #expect(issue.field == "event_action")
    }
}
