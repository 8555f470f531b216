import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct CDEventsAdapterTests {
    typealias S = AdapterTestSupport

    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var kind: EventKind
        var time: String
        var service: String
        var version: String?
        var environment: String
        var status: String?
        var incident: String?
        var description: String { file }
    }

    static let artifact = "pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427"
    static let expected: [Expected] = [
        Expected(
            file: "service_deployed.json", kind: .deploy, time: "2023-03-20T14:27:05.315Z", service: "mySubject123",
            version: artifact, environment: "test123"),
        Expected(
            file: "service_upgraded.json", kind: .deploy, time: "2023-03-20T14:27:05.315Z", service: "mySubject123",
            version: artifact, environment: "test123"),
        Expected(
            file: "service_rolledback.json", kind: .rollback, time: "2023-03-20T14:27:05.315Z", service: "mySubject123",
            version: artifact, environment: "test123"),
        Expected(
            file: "service_published.json", kind: .release, time: "2023-03-20T14:27:05.315Z", service: "mySubject123",
            environment: "test123"),
        Expected(
            file: "service_removed.json", kind: .deploy, time: "2023-03-20T14:27:05.315Z", service: "mySubject123",
            environment: "test123"),
        Expected(
            file: "incident_detected.json", kind: .alert, time: "2022-11-11T13:52:20.079Z", service: "myApp",
            version: artifact, environment: "prod1", status: "firing", incident: "incident-123"),
        Expected(
            file: "incident_reported.json", kind: .report, time: "2022-11-11T13:52:20.079Z", service: "myApp",
            version: artifact, environment: "prod1", incident: "incident-123"),
        Expected(
            file: "incident_resolved.json", kind: .incident, time: "2022-11-11T13:52:20.079Z", service: "myApp",
            version: "pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93439",
            environment: "prod1", status: "resolved", incident: "incident-123"),
    ]

    @Test("every mapped CDEvents fixture becomes its native event", arguments: expected)
    func fixtureMapsFieldByField(_ x: Expected) throws {
        let result = try S.read(file: S.fixture("cdevents/\(x.file)"))
        #expect(result.format == .cdevents)
        #expect(result.invalid.isEmpty)
        let e = try #require(result.only)
        #expect(e.kind == x.kind)
        #expect(e.time == S.time(x.time))
        #expect(e.service == x.service)
        #expect(e.version == x.version)
        #expect(e.environment == x.environment)
        #expect(e.status == x.status)
        #expect(e.incident == x.incident)
    }

    @Test func fixtureIdsCarryContextIDAndType() throws {
        let deployed = try #require(try S.read(file: S.fixture("cdevents/service_deployed.json")).only)
        #expect(deployed.id == "cdevents:271069a8-fc18-44f1-b38f-9d70a1695819:service.deployed.0.3.0")
        #expect(deployed.source == "/event/source/123")
        #expect(deployed.summary == "mySubject123 deployed to test123")
        let reported = try #require(try S.read(file: S.fixture("cdevents/incident_reported.json")).only)
        #expect(reported.url == "https://my-issues.example/incidents/ticket-345")
        #expect(reported.summary == "Response time above threshold of 100ms")
        #expect(reported.attributes?.contains("\"reportedBy\":\"userId\"") == true)
    }

    @Test(
        "types without a Hindsight meaning are skipped and counted",
        arguments: [
            ("change_merged.json", "dev.cdevents.change.merged"),
            ("environment_modified.json", "dev.cdevents.environment.modified"),
        ])
    func unknownTypesAreSkipped(_ file: String, _ type: String) throws {
        let result = try S.read(file: S.fixture("cdevents/\(file)"))
        #expect(result.events.isEmpty)
        #expect(result.invalid.isEmpty)
        #expect(result.skipped == ["CDEvents type \(type) has no Hindsight meaning"])
    }

    /// Spec 0.3: `context.version`, a typed subject, and the 0.1 service event versions.
    static let v03 = """
        {"context":{"version":"0.3.0","id":"a1","source":"/ci/prod","type":"dev.cdevents.service.deployed.0.1.1",
         "timestamp":"2023-03-20T14:27:05+01:00"},
         "subject":{"id":"checkout","source":"/ci/prod","type":"service",
          "content":{"environment":{"id":"production","source":"/k8s"},"artifactId":"pkg:oci/checkout@v1.4.2"}}}
        """

    @Test func specVersion03IsRead() throws {
        let e = try #require(try S.read(text: Self.v03).only)
        #expect(e.kind == .deploy)
        #expect(e.time == S.time("2023-03-20T13:27:05Z"))
        #expect(e.service == "checkout")
        #expect(e.version == "pkg:oci/checkout@v1.4.2")
        #expect(e.environment == "production")
        #expect(e.id == "cdevents:a1:service.deployed.0.1.1")
        #expect(e.attributes?.contains("\"specversion\":\"0.3.0\"") == true)
    }

    @Test func specVersion04RollbackIsRead() throws {
        let text = """
            {"context":{"version":"0.4.1","id":"b2","source":"/cd","type":"dev.cdevents.service.rolledback.0.1.1",
             "timestamp":"2024-05-01T10:00:00Z"},
             "subject":{"id":"payments","type":"service","content":{"environment":{"id":"staging"},"artifactId":"payments:41"}}}
            """
        let e = try #require(try S.read(text: text).only)
        #expect(e.kind == .rollback)
        #expect(e.service == "payments")
        #expect(e.version == "payments:41")
        #expect(e.environment == "staging")
        #expect(e.status == nil)
    }

    @Test func jsonLinesOfCDEventsAreReadWithTheirLines() throws {
        let resolved = """
            {"context":{"specversion":"0.5.0","id":"c3","source":"/pd","type":"dev.cdevents.incident.resolved.0.2.0","timestamp":"2024-05-01T11:00:00Z"},"subject":{"id":"INC-7","content":{"environment":{"id":"prod"},"service":{"id":"payments"}}}}
            """
        let result = try S.read(text: S.oneLine(Self.v03) + "\n\n" + resolved + "\n", name: "events.jsonl")
        #expect(result.format == .cdevents)
        #expect(result.events.map(\.kind) == [.deploy, .incident])
        #expect(result.locations.map(\.line) == [1, 3])
        #expect(result.events[1].incident == "INC-7")
        #expect(result.events[1].status == "resolved")
    }

    @Test func missingTimestampNamesFormatFieldAndLine() throws {
        let text = """
            {
              "context": {"specversion": "0.5.0", "id": "x", "source": "/s", "type": "dev.cdevents.service.deployed.0.2.0"},
              "subject": {"id": "web", "content": {"environment": {"id": "prod"}}}
            }
            """
        let result = try S.read(text: "\n" + text, format: .cdevents)
        let issue = try #require(result.invalid.first)
        #expect(issue.format == "cdevents")
        #expect(issue.field == "context.timestamp")
        #expect(issue.location == SourceLocation(file: "payload.json", line: 2))
        #expect(issue.description.hasPrefix("payload.json:2: cdevents: field 'context.timestamp': is missing"))
    }

    @Test func timestampWithoutOffsetIsRejectedOnItsField() throws {
        let text = Self.v03.replacingOccurrences(of: "2023-03-20T14:27:05+01:00", with: "2023-03-20T14:27:05")
        let issue = try #require(try S.read(text: text).invalid.first)
        #expect(issue.field == "context.timestamp")
        #expect(issue.message.contains("no UTC offset"))
    }

    @Test func incidentWithoutServiceIsInvalid() throws {
        let text = """
            {"context":{"specversion":"0.5.0","id":"d4","source":"/m","type":"dev.cdevents.incident.detected.0.2.0","timestamp":"2024-05-01T11:00:00Z"},
             "subject":{"id":"INC-8","content":{"environment":{"id":"prod"}}}}
            """
        let issue = try #require(try S.read(text: text).invalid.first)
        #expect(issue.field == "subject.content.service.id")
        #expect(issue.format == "cdevents")
    }

    @Test func malformedJSONNamesFormatAndLine() throws {
        let text = """
            {"context": {"specversion": "0.5.0",
              "type": "dev.cdevents.service.deployed.0.2.0" "id": "x"},
             "subject": {}}
            """
        let result = try S.read(text: text, format: .cdevents)
        let issue = try #require(result.invalid.first)
        #expect(issue.format == "cdevents")
        #expect(issue.location.line == 2)
        #expect(issue.message.hasPrefix("not valid JSON at column"))
    }
}
