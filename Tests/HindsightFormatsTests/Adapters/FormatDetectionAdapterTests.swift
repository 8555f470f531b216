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
