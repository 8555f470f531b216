import Foundation
import Hindsight
import Testing

@testable import HindsightFormats

/// Bounded input, streamed alert groups, and the one honest error for what no format reads.
@Suite struct InputLimitsTests {
    typealias S = AdapterTestSupport

    func read(_ text: String, name: String, limit: Int, format: InputFormat = .auto) throws -> [DecodedRecord] {
        let input = try ByteInput(bytes: Array(text.utf8), name: name, maxRecordSize: limit)
        var records: [DecodedRecord] = []
        try EventReader.read(input, format: format) { records.append($0) }
        return records
    }

    @Test func aLineOverTheLimitIsAnErrorNamingTheLineAndTheLimit() throws {
        let ok = #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api"}"#
        let long = #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","summary":""# + String(repeating: "x", count: 5000) + #""}"#
        let text = [ok, ok, long, ok].joined(separator: "\n")
        #expect(throws: FormatError.recordTooLarge(path: "big.jsonl", line: 3, limit: 4096)) {
            _ = try read(text, name: "big.jsonl", limit: 4096)
        }
        #expect(
            FormatError.recordTooLarge(path: "big.jsonl", line: 3, limit: 16 << 20).description
                == "big.jsonl:3: the record starting here is larger than the limit of 16 MiB (one line, or one JSON value, is held in memory whole); split the input, or raise the limit"
        )
        // Under the limit, the same lines are read.
        #expect(try read(text, name: "big.jsonl", limit: 8192).compactMap(\.event).count == 4)
    }

    @Test func aPayloadOverTheLimitIsAnErrorAtTheLineItStarts() throws {
        let payload =
            "\n\n{\n  \"specversion\": \"1.0\", \"type\": \"x.deploy\", \"source\": \"ci\", \"id\": \"1\",\n  \"data\": {\"note\": \""
            + String(repeating: "y", count: 200_000) + "\"}\n}\n"
        #expect(throws: FormatError.recordTooLarge(path: "ce.json", line: 3, limit: 65536)) {
            _ = try read(payload, name: "ce.json", limit: 65536)
        }
    }

    @Test func anAlertGroupIsStreamedAlertByAlertSoOnlyAnAlertCountsAgainstTheLimit() throws {
        // 2,000 alerts on one line: far over a 64 KiB limit as a whole, each alert well under it.
        let alert =
            #"{"status":"firing","labels":{"alertname":"Errors","service":"checkout","instance":"web-N"},"annotations":{"summary":"5xx"},"startsAt":"2024-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"fN"}"#
        let alerts = (0..<2000).map { alert.replacingOccurrences(of: "N", with: "\($0)") }
        let group = #"{"receiver":"r","status":"firing","alerts":["# + alerts.joined(separator: ",") + #"],"groupLabels":{},"version":"4","groupKey":"{}"}"#
        #expect(group.utf8.count > 300_000)
        let records = try read(group, name: "am.json", limit: 65536)
        let events = records.compactMap(\.event)
        #expect(events.count == 2000)
        #expect(events.first?.id == "alertmanager:f0:firing:2024-03-01T10:00:00Z")
        #expect(events.last?.host == "web-1999")
        #expect(records.allSatisfy { $0.issue == nil })
        // An alert that is itself over the limit is still refused.
        let huge =
            #"{"version":"4","alerts":[{"status":"firing","labels":{"service":"x","note":""# + String(repeating: "z", count: 70_000)
            + #""},"startsAt":"2024-03-01T10:00:00Z"}]}"#
        #expect(throws: FormatError.recordTooLarge(path: "am.json", line: 1, limit: 65536)) { _ = try read(huge, name: "am.json", limit: 65536) }
    }

    @Test func aPrettyPrintedUnsupportedPayloadGetsOneErrorSayingWhatItIs() throws {
        // A GitLab push event, pretty-printed over many lines: one error, not one per line.
        let push = """
            {
              "object_kind": "push",
              "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
              "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
              "ref": "refs/heads/master",
              "user_name": "John Smith",
              "project": {
                "path_with_namespace": "mike/diaspora"
              },
              "commits": []
            }
            """
        let result = try S.read(text: push, name: "push.json")
        #expect(result.events.isEmpty)
        #expect(result.invalid.count == 1)
        let issue = try #require(result.invalid.first)
        #expect(issue.location.line == 1)
        // A producer Hindsight knows by its shape: said once, with what it reads of it and the way in, and no
        // --format to try (the GitLab reader would only say the same again).
        #expect(
            issue.message
                == "this payload looks like a GitLab push event, which Hindsight does not read yet (of GitLab it reads deployment, "
                + "release and feature_flag events); map its fields to native events with a [[mapping]] table in hindsight.toml "
                + "(docs/formats.md, \"Mapping other producers\"), or send native events (EVENTS.md)")
        #expect(issue.unrecognised == IngestIssue.Unrecognised(closest: nil, producer: "GitLab"))
        // An object nothing resembles: its keys are shown and no format is suggested.
        let other = try S.read(text: #"{"foo": 1, "bar": [1, 2]}"#, name: "x.json")
        #expect(
            other.invalid.first?.message
                == "this payload looks like a JSON object with the keys foo, bar, which no format Hindsight reads recognises (it reads "
                + PayloadDescriber.supported + "); " + PayloadDescriber.remedy)
        #expect(other.invalid.first?.unrecognised == IngestIssue.Unrecognised(closest: nil))
    }

    @Test func textThatIsNotJSONSaysWhatItLooksLike() throws {
        #expect(throws: FormatError.unknownFormat(path: "app.yaml", looksLike: "YAML")) {
            _ = try read("apiVersion: v1\nkind: Event\n", name: "app.yaml", limit: 1 << 20)
        }
        #expect(throws: FormatError.unknownFormat(path: "page.html", looksLike: "XML or HTML")) {
            _ = try read("<html><body>hi</body></html>\n", name: "page.html", limit: 1 << 20)
        }
    }

    @Test func theFormatRegistryListsEveryEcosystemFormatOnce() {
        let formats = FormatRegistry.entries.map(\.format)
        #expect(formats.count == Set(formats).count)
        #expect(Set(formats) == Set(InputFormat.allCases).subtracting([.auto, .native, .csv, .mapped]))
        for entry in FormatRegistry.entries {
            #expect(entry.adapter(AdapterOptions()).format == entry.format)
        }
    }
}

/// Producers Hindsight has no reader for are named by their shape, said once, and pointed to a mapping.
@Suite struct UnsupportedProducerTests {
    typealias S = AdapterTestSupport

    @Test func aGitLabPipelineEventIsRefusedOnceWithTheWayIn() throws {
        let pipeline =
            #"{"object_kind":"pipeline","object_attributes":{"id":31,"status":"success"},"project":{"path_with_namespace":"gitlab-org/gitlab-test"}}"#
        let auto = try #require(try S.read(text: pipeline).invalid.first)
        #expect(auto.message.hasPrefix("this payload looks like a GitLab pipeline event, which Hindsight does not read yet"))
        #expect(auto.unrecognised == IngestIssue.Unrecognised(closest: nil, producer: "GitLab"))
        // Named with --format gitlab, the reader says the same thing once, and the way in.
        let named = try #require(try S.read(text: pipeline, format: .gitlab).invalid.first)
        #expect(named.field == "object_kind")
        #expect(
            named.message
                == "is 'pipeline': Hindsight does not read GitLab pipeline events yet (it reads deployment, release and feature_flag events); "
                + PayloadDescriber.remedy)
    }

    @Test(arguments: [
        (#"{"monitorID":"7","monitorURL":"https://x","alertType":"1"}"#, "UptimeRobot", "an UptimeRobot monitor alert"),
        (
            #"{"version":"v0.1.0","name":"Latency","trigger_description":"p99","status":"TRIGGERED","result_url":"https://x","result_groups":[]}"#,
            "Honeycomb", "a Honeycomb trigger notification"
        ),
        (
            #"{"event":"build.finished","build":{"id":"1"},"pipeline":{"slug":"api"},"sender":{"name":"a"}}"#, "Buildkite",
            "a Buildkite 'build.finished' webhook"
        ),
        (
            #"{"Type":"Notification","MessageId":"1","TopicArn":"arn:aws:sns:eu-west-1:1:t","Message":"x"}"#, "Amazon SNS",
            "an Amazon SNS 'Notification' message"
        ),
        (
            #"{"version":"0","id":"1","detail-type":"ECS Task State Change","source":"aws.ecs","detail":{}}"#, "Amazon EventBridge",
            "an Amazon EventBridge event of type 'ECS Task State Change'"
        ),
        (#"{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{}}}"#, "Azure Monitor", "an Azure Monitor alert (common alert schema)"),
        (#"{"webhookEvent":"jira:issue_created","issue":{"key":"OPS-1"}}"#, "Jira", "a Jira 'jira:issue_created' webhook"),
        (#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}"#, "Kubernetes", "a Kubernetes Deployment object"),
    ])
    func theProducerIsNamedByItsShape(_ payload: String, _ producer: String, _ looksLike: String) throws {
        let issue = try #require(try S.read(text: payload).invalid.first)
        #expect(issue.message.hasPrefix("this payload looks like \(looksLike), which Hindsight does not read yet"))
        #expect(issue.message.hasSuffix(PayloadDescriber.remedy))
        #expect(issue.unrecognised?.producer == producer)
    }
}
