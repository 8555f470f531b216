import Foundation
import Hindsight
import Testing

@testable import HindsightFormats

/// `--format auto` over adapter payloads alone, in arrays and in JSON Lines, and native left unchanged.
@Suite struct FormatDetectionAdapterTests {
    typealias S = AdapterTestSupport

    @Test(
        "each fixture is recognised by its shape",
        arguments: [
            ("cdevents/service_deployed.json", InputFormat.cdevents),
            ("alertmanager/firing.json", .alertmanager),
            ("github/deployment.json", .github),
            ("github/deployment_status.json", .github),
            ("pagerduty/change_event.json", .pagerduty),
            ("pagerduty/trigger_event.json", .pagerduty),
        ])
    func fixturesAreDetected(_ file: String, _ format: InputFormat) throws {
        let result = try S.read(file: S.fixture(file))
        #expect(result.formats == [format])
        // A payload is placed on the line it starts on; an Alertmanager alert on its own line in the group.
        #expect(result.locations.allSatisfy { format == .alertmanager ? $0.line > 1 : $0.line == 1 })
    }

    static let samples: [(String, InputFormat)] = [
        (
            #"{"context":{"specversion":"0.5.0","id":"1","source":"s","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2024-01-01T00:00:00Z"},"subject":{"id":"web","content":{}}}"#,
            .cdevents
        ),
        (#"{"specversion":"1.0","type":"com.example.deploy","source":"ci","id":"1","time":"2024-01-01T00:00:00Z"}"#, .cloudevents),
        (#"{"receiver":"r","version":"4","alerts":[{"status":"firing","labels":{"job":"api"},"startsAt":"2024-01-01T00:00:00Z"}]}"#, .alertmanager),
        (
            #"{"action":"created","deployment":{"id":1,"sha":"a","environment":"prod","created_at":"2024-01-01T00:00:00Z"},"repository":{"full_name":"o/r"}}"#,
            .github
        ),
        (
            #"{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"error","timestamp":"2024-01-01T00:00:00Z"}}"#,
            .pagerduty
        ),
        (#"{"action":"created","data":{"issue":{"id":"1","count":"1","firstSeen":"2024-01-01T00:00:00Z","project":{"slug":"p"}}}}"#, .sentry),
    ]

    @Test("a payload alone, in an array and in JSON Lines is detected and read", arguments: samples)
    func layoutsAreDetected(_ payload: String, _ format: InputFormat) throws {
        let single = try S.read(text: payload)
        let array = try S.read(text: "[\n" + payload + ",\n" + payload + "\n]\n")
        let lines = try S.read(text: "\n" + payload + "\n" + payload + "\n", name: "payloads.jsonl")
        for result in [single, array, lines] {
            #expect(result.format == format)
            #expect(result.invalid.isEmpty)
        }
        #expect(single.events.count == 1)
        #expect(array.events.count == 2)
        #expect(array.locations.map(\.index) == [0, 1])
        #expect(lines.locations.map(\.line) == [2, 3])
    }

    /// The producers whose payloads `Fixtures/<directory>` holds, read by `--format auto`.
    static let producerDirectories: [(String, InputFormat)] = [
        ("datadog", .datadog), ("newrelic", .newrelic), ("jenkins", .jenkins), ("terraform", .terraform), ("circleci", .circleci),
        ("rollbar", .rollbar), ("statuspage", .statuspage),
    ]

    @Test("each producer's real payloads match its shape and no other", arguments: producerDirectories)
    func producerPayloadsMatchOneShape(_ directory: String, _ format: InputFormat) throws {
        let root = RealWorldFixtureTests.local.appendingPathComponent(directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            let bytes = Array(try Data(contentsOf: root.appendingPathComponent(file)))
            let value = try #require(PayloadDecoder.parseQuietly(bytes), "\(file)")
            let matching = FormatRegistry.entries.filter { $0.detects(value) }.map(\.format)
            // New Relic's legacy alert channels have no reader: no shape may claim them.
            #expect(matching == (file.hasSuffix("-legacy.json") ? [] : [format]), "\(directory)/\(file)")
        }
    }

    @Test func nativeEventsMatchNoProducerShape() throws {
        // Native events whose fields share names with the producers' (name, title, status, state, type, url, data in
        // labels and attributes): each is native, whatever its kind.
        let events = [
            #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"checkout","id":"jenkins:1","status":"started","summary":"deploy-checkout #42","url":"https://ci.example.com/job/deploy-checkout/42/","attributes":{"name":"deploy-checkout","build":{"phase":"STARTED","full_url":"x"}}}"#,
            #"{"time":"2024-07-19T04:10:00Z","kind":"alert","service":"api","status":"firing","title":"[Triggered] CPU","labels":{"event_type":"query_alert_monitor","alert_transition":"Triggered","state":"ACTIVATED","issueUrl":"x"}}"#,
            #"{"time":"2024-07-19T04:11:00Z","kind":"config","service":"networking","version":"run-abc","attributes":{"payload_version":1,"notification_configuration_id":"nc-1","notifications":[]}}"#,
            #"{"time":"2024-07-19T04:12:00Z","kind":"crash","service":"api","attributes":{"event_name":"new_item","data":{"item":{"id":1}}}}"#,
            #"{"time":"2024-07-19T04:13:00Z","kind":"report","service":"web","source":"statuspage","attributes":{"page":{"id":"p"},"incident":{"id":"i"},"meta":{}}}"#,
            #"{"time":"2024-07-19T04:14:00Z","kind":"deploy","service":"web","attributes":{"type":"workflow-completed","happened_at":"2024-07-19T04:14:00Z","project":{"name":"web"}}}"#,
        ]
        for text in events {
            let value = try #require(PayloadDecoder.parseQuietly(Array(text.utf8)))
            #expect(FormatRegistry.classify(value) == nil, "\(text)")
            let read = try S.read(text: text)
            #expect(read.formats == [.native])
            #expect(read.events.count == 1 && read.invalid.isEmpty)
        }
    }

    @Test func prettyPrintedPayloadAfterBlankLinesKeepsItsLine() throws {
        let text = "\n\n{\n  \"specversion\": \"1.0\",\n  \"type\": \"x.deploy\",\n  \"source\": \"ci\",\n  \"time\": \"2024-01-01T00:00:00Z\"\n}\n"
        let result = try S.read(text: text)
        #expect(result.format == .cloudevents)
        #expect(result.locations.map(\.line) == [3])
    }

    @Test func nativeJSONLinesStayNativeWithTheirErrors() throws {
        let text = """
            # a comment
            {"time":"2024-07-19T04:09:00Z","kind":"config","service":"falcon"}
            {"time":"2024-07-19T04:10:00Z","kind":"crash","servce":"falcon"}
            """
        let result = try S.read(text: text, name: "events.jsonl")
        #expect(result.format == .native)
        #expect(result.events.map(\.service) == ["falcon"])
        let issue = try #require(result.invalid.first)
        #expect(issue.format == "native")
        #expect(issue.field == "servce")
        #expect(issue.location.line == 3)
    }

    @Test func nativeArrayStaysNative() throws {
        let text =
            "[\n  {\"time\": \"2024-07-19T04:09:00Z\",\n   \"kind\": \"deploy\", \"service\": \"a\"},\n  {\"time\": \"2024-07-19T04:10:00Z\", \"kind\": \"alert\", \"service\": \"a\"}\n]\n"
        let result = try S.read(text: text)
        #expect(result.format == .native)
        #expect(result.events.map(\.kind) == [.deploy, .alert])
        #expect(result.locations.map(\.line) == [2, 4])
    }

    @Test func malformedFirstLineFallsBackToNative() throws {
        let text = "{\"time\": \"2024-07-19T04:09:00Z\", \"kind\": }\n{\"time\":\"2024-07-19T04:10:00Z\",\"kind\":\"deploy\",\"service\":\"a\"}\n"
        let result = try S.read(text: text, name: "bad.jsonl")
        #expect(result.format == .native)
        #expect(result.events.count == 1)
        #expect(result.invalid.map(\.location.line) == [1])
    }

    @Test func textThatIsNotJSONIsStillUnknown() throws {
        #expect(throws: FormatError.self) { try S.read(text: "deploy at noon\n", name: "notes.txt") }
        // A single payload cut short is one error saying so, not a guess.
        let cut = try S.read(text: "{\"specversion\": \"1.0\",\n \"type\": \"x\"\n", name: "cut.json")
        #expect(cut.events.isEmpty)
        #expect(cut.invalid.map(\.message) == ["the JSON value starting here is not closed (the input ends inside it)"])
        #expect(cut.invalid.first?.location.line == 1)
    }
}
