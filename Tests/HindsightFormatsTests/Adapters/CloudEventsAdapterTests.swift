import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct CloudEventsAdapterTests {
    typealias S = AdapterTestSupport

    @Test func singleEventMapsThroughTheDefault() throws {
        let text = """
            {"specversion":"1.0","type":"com.example.ci.deploy.finished","source":"https://ci.example.com",
             "id":"run-42","time":"2024-06-01T12:00:00.500Z","subject":"checkout",
             "data":{"version":"v7","environment":"eu-prod","url":"https://ci.example.com/run/42","build":"42"}}
            """
        let result = try S.read(text: text)
        #expect(result.format == .cloudevents)
        let e = try #require(result.only)
        #expect(e.kind == .deploy)
        #expect(e.time == S.time("2024-06-01T12:00:00.500Z"))
        #expect(e.service == "checkout")
        #expect(e.version == "v7")
        #expect(e.environment == "eu-prod")
        #expect(e.url == "https://ci.example.com/run/42")
        #expect(e.source == "https://ci.example.com")
        #expect(e.id == "cloudevents:https://ci.example.com:run-42")
        #expect(e.summary == "com.example.ci.deploy.finished")
        #expect(e.attributes?.contains("\"build\":\"42\"") == true)
    }

    @Test func batchMapsEachItemWithItsIndex() throws {
        let text = """
            [
              {"specversion":"1.0","type":"com.example.flag.release","source":"flags","id":"1","time":"2024-06-01T12:00:00Z","subject":"search"},
              {"specversion":"1.0","type":"com.example.change","source":"cmdb","id":"2","time":"2024-06-01T12:05:00Z",
               "data":{"kind":"config","service":"dns"}},
              {"specversion":"1.0","type":"com.example.audit.login","source":"idp","id":"3","time":"2024-06-01T12:10:00Z"},
              {"specversion":"1.0","type":"com.example.rollback","source":"cd","id":"4","time":"2024-06-01T12:20:00Z","subject":"search"}
            ]
            """
        let result = try S.read(text: text)
        #expect(result.format == .cloudevents)
        #expect(result.events.map(\.kind) == [.release, .config, .note, .rollback])
        #expect(result.events.map(\.service) == ["search", "dns", "idp", "search"])
        #expect(result.locations.map(\.index) == [0, 1, 2, 3])
        #expect(result.locations.map(\.line) == [2, 3, 5, 6])
    }

    @Test func cdeventInDataIsReadAsCDEvents() throws {
        let text = """
            {"specversion":"1.0","type":"dev.cdevents.service.deployed.0.1.1","source":"/tekton","id":"ce-1",
             "time":"2024-06-01T09:00:00Z",
             "data":{"context":{"version":"0.3.0","id":"ctx-1","source":"/tekton","type":"dev.cdevents.service.deployed.0.1.1",
                                "timestamp":"2024-06-01T08:59:59Z"},
                     "subject":{"id":"cart","type":"service","content":{"environment":{"id":"prod"},"artifactId":"cart:3"}}}}
            """
        let e = try #require(try S.read(text: text).only)
        #expect(e.kind == .deploy)
        #expect(e.time == S.time("2024-06-01T08:59:59Z"))
        #expect(e.service == "cart")
        #expect(e.version == "cart:3")
        #expect(e.environment == "prod")
        #expect(e.id == "cdevents:ctx-1:service.deployed.0.1.1")
    }

    @Test func cdeventSubjectInDataTakesTheCloudEventsContext() throws {
        let text = """
            {"specversion":"1.0","type":"dev.cdevents.incident.reported.0.1.0","source":"/support","id":"ce-9",
             "time":"2024-06-01T10:15:00Z",
             "data":{"id":"INC-3","content":{"environment":{"id":"prod"},"service":{"id":"cart"},"ticketURI":"https://t/9"}}}
            """
        let e = try #require(try S.read(text: text).only)
        #expect(e.kind == .report)
        #expect(e.time == S.time("2024-06-01T10:15:00Z"))
        #expect(e.service == "cart")
        #expect(e.incident == "INC-3")
        #expect(e.url == "https://t/9")
        #expect(e.id == "cdevents:ce-9:incident.reported.0.1.0")
    }

    @Test func unknownCDEventTypeInsideCloudEventIsSkipped() throws {
        let text = """
            {"specversion":"1.0","type":"dev.cdevents.pipelinerun.finished.0.1.1","source":"/ci","id":"p","time":"2024-06-01T10:15:00Z",
             "data":{"subject":{"id":"run-1","content":{}}}}
            """
        let result = try S.read(text: text)
        #expect(result.events.isEmpty)
        #expect(result.skipped == ["CDEvents pipelinerun '' is not a deploy pipeline (name pattern 'deploy|release|rollout|promote|ship')"])
    }

    @Test func missingTimeIsInvalidOnItsField() throws {
        let text = """
            [{"specversion":"1.0","type":"com.example.deploy","source":"ci","id":"1","time":"2024-06-01T12:00:00Z"},
             {"specversion":"1.0","type":"com.example.deploy","source":"ci","id":"2"}]
            """
        let result = try S.read(text: text)
        #expect(result.events.count == 1)
        let issue = try #require(result.invalid.first)
        #expect(issue.format == "cloudevents")
        #expect(issue.field == "time")
        #expect(issue.location == SourceLocation(file: "payload.json", line: 2, index: 1))
    }
}
