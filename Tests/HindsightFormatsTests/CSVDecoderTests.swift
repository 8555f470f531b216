import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct CSVDecoderTests {
    @Test func readsNestedColumnsAndQuotedCells() throws {
        let text = """
            time,kind,service,scope.percent,scope.regions,labels.region,summary,count
            2024-07-19T04:09:00Z,config,falcon,100,us-east-1;eu-west-1,us-east-1,"Channel ""291"", pushed
            to every host",
            2024-07-19T04:10:12Z,crash,falcon,,,eu-west-1,plain,7

            """
        let records = try readAll(text, suffix: ".csv")
        #expect(records.count == 2)
        let first = try #require(records[0].event)
        #expect(first.kind == .config)
        #expect(first.scope?.percent == 100)
        #expect(first.scope?.regions == ["us-east-1", "eu-west-1"])
        #expect(first.scope?.json == #"{"percent":100,"regions":["us-east-1","eu-west-1"]}"#)
        #expect(first.labels?.json == #"{"region":"us-east-1"}"#)
        #expect(first.summary == "Channel \"291\", pushed\nto every host")
        #expect(first.count == 1)
        #expect(records[0].location?.line == 2)
        let second = try #require(records[1].event)
        #expect(second.scope == nil)
        #expect(second.count == 7)
        #expect(second.region == "eu-west-1")
        #expect(records[1].location?.line == 4)
    }

    @Test func readsJSONCells() throws {
        let text = """
            time,kind,service,attributes,labels
            2024-07-19T04:09:00Z,deploy,api,"{""pr"": 12}","{""os"":""linux""}"
            """
        let e = try #require(try readAll(text, suffix: ".csv").first?.event)
        #expect(e.attributes == #"{"pr": 12}"#)
        #expect(e.labels?["os"] == "linux")
    }

    @Test func rejectsAnUnknownColumnWithASuggestion() throws {
        let text = "time,kind,servce\n2024-07-19T04:09:00Z,deploy,api\n"
        #expect(throws: FormatError.self) { try readAll(text, suffix: ".csv") }
        do {
            _ = try readAll(text, suffix: ".csv")
        } catch let FormatError.badHeader(issue) {
            #expect(issue.location.line == 1)
            #expect(issue.field == "servce")
            #expect(issue.message == "unknown column; did you mean 'service'?")
        }
        do {
            _ = try readAll("time,kind,service,scope.pct\n", suffix: ".csv")
        } catch let FormatError.badHeader(issue) {
            #expect(issue.field == "scope.pct")
            #expect(issue.message == "unknown column; use one of scope.percent, scope.hosts, scope.regions, scope.ring")
        }
        do {
            _ = try readAll("time,kind,service,kind\n", suffix: ".csv")
        } catch let FormatError.badHeader(issue) {
            #expect(issue.message == "the header names this column twice")
        }
    }

    @Test func rejectsARowWithTheWrongNumberOfCells() throws {
        let text = "time,kind,service\n2024-07-19T04:09:00Z,deploy\n2024-07-19T04:09:00Z,deploy,api,extra\n2024-07-19T04:09:00Z,deploy,api\n"
        let records = try readAll(text, suffix: ".csv")
        #expect(records.count == 3)
        #expect(records[0].issue?.message == "has 2 cells but the header has 3 columns")
        #expect(records[0].issue?.location.line == 2)
        #expect(records[1].issue?.message == "has 4 cells but the header has 3 columns")
        #expect(records[2].event?.service == "api")
    }

    @Test func appliesTheNativeRulesToCells() throws {
        let text =
            "time,kind,service,scope.percent,count\n2024-07-19T04:09:00,deploy,api,,\n2024-07-19T04:09:00Z,deploy,api,150,\n2024-07-19T04:09:00Z,crash,api,,zero\n"
        let records = try readAll(text, suffix: ".csv")
        #expect(records.map { $0.issue?.field } == ["time", "scope.percent", "count"])
        #expect(records.map { $0.issue?.location.line } == [2, 3, 4])
    }

    @Test func reportsAnUnclosedQuote() throws {
        let text = "time,kind,service,summary\n2024-07-19T04:09:00Z,deploy,api,\"never closed\n"
        let records = try readAll(text, suffix: ".csv")
        #expect(records.last?.issue?.message == "a quoted cell is not closed (the input ends inside it)")
    }
}
