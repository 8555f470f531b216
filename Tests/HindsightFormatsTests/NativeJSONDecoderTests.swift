import Foundation
import Hindsight
import HindsightFormats
import Testing

@Suite struct NativeJSONDecoderTests {
    @Test func readsJSONLinesSkippingCommentsAndBlankLines() throws {
        let text = """
            # deploys of the day

            \(line(#""id":"a""#))
              # an indented comment
            \(line(#""id":"b""#))

            """
        let records = try readAll(text, suffix: ".jsonl")
        #expect(records.compactMap(\.event).map(\.id) == ["a", "b"])
        #expect(records.compactMap(\.location).map(\.line) == [3, 5])
        #expect(records.compactMap(\.location).allSatisfy { $0.index == nil })
    }

    @Test func reportsEachBadLineWithItsNumber() throws {
        let text = [line(#""id":"a""#), "not json", line(kind: "bogus"), line(#""id":"d""#)].joined(separator: "\n")
        let records = try readAll(text, suffix: ".jsonl")
        #expect(records.count == 4)
        #expect(records[1].issue?.location.line == 2)
        #expect(records[1].issue?.message == "not valid JSON at column 1: expected an object '{' but found 'n'; each line must be one JSON object")
        #expect(records[2].issue?.location.line == 3)
        #expect(records[2].issue?.field == "kind")
        #expect(records[3].event?.id == "d")
    }

    @Test func keepsFileOrderAndLineNumbersAcrossDecodingBatches() throws {
        let lines = (0..<1500).map { i in i % 100 == 7 ? "{oops" : line(#""id":"e\#(i)""#) }
        let records = try readAll("# header\n" + lines.joined(separator: "\n"), suffix: ".jsonl")
        #expect(records.count == 1500)
        #expect(records.compactMap(\.location).map(\.line) == Array(2...1501))
        #expect(records.compactMap(\.event).map(\.id) == (0..<1500).filter { $0 % 100 != 7 }.map { "e\($0)" })
        #expect(records.compactMap(\.issue).count == 15)
    }

    @Test func aFailingSinkStopsTheReadAndItsErrorComesBack() throws {
        struct Stop: Error, Equatable {}
        let text = (0..<3000).map { line(#""id":"e\#($0)""#) }.joined(separator: "\n")
        let path = try temporaryFile(text, suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0
        #expect(throws: Stop()) {
            try EventReader.read(try ByteInput(path: path), format: .native) { _ in
                seen += 1
                if seen == 700 { throw Stop() }
            }
        }
        #expect(seen == 700)
    }

    @Test func readsWindowsLineEndingsAndAByteOrderMark() throws {
        let text = "\u{FEFF}" + line(#""id":"a""#) + "\r\n" + line(#""id":"b""#) + "\r\n"
        let records = try readAll(text, suffix: ".jsonl")
        #expect(records.compactMap(\.event).map(\.id) == ["a", "b"])
    }

    @Test func readsAPrettyPrintedArray() throws {
        let text = """
            [
              {
                "id": "a",
                "time": "2024-07-19T04:09:00Z",
                "kind": "deploy",
                "service": "api",
                "scope": { "percent": 5 }
              },
              {"id": "b", "time": "2024-07-19T04:10:00Z", "kind": "crash", "service": "api"}
            ]
            """
        let records = try readAll(text, suffix: ".json", format: .native)
        #expect(records.compactMap(\.event).map(\.id) == ["a", "b"])
        #expect(records[0].location == SourceLocation(file: records[0].location!.file, line: 2, index: 0))
        #expect(records[1].location?.line == 9)
        #expect(records[1].location?.index == 1)
        #expect(records[0].event?.scope?.json == #"{ "percent": 5 }"#)
    }

    @Test func locatesAnInvalidArrayItemByLineAndIndex() throws {
        let text = """
            [
              {"time": "2024-07-19T04:09:00Z", "kind": "deploy", "service": "api"},
              {
                "time": "2024-07-19T04:10:00Z",
                "kind": "explosion",
                "service": "api"
              }
            ]
            """
        let records = try readAll(text, suffix: ".json", format: .native)
        #expect(records.count == 2)
        let issue = try #require(records[1].issue)
        #expect(issue.location.line == 3)
        #expect(issue.location.index == 1)
        #expect(issue.field == "kind")
        #expect(issue.description.hasPrefix("\(issue.location.file):3 (item 1): field 'kind': unknown kind 'explosion'"))
    }

    @Test func reportsAnUnclosedArray() throws {
        let text = "[\n" + line() + ",\n"
        let records = try readAll(text, suffix: ".json", format: .native)
        #expect(records.count == 2)
        #expect(records[0].event != nil)
        #expect(records[1].issue?.message == "the array is not closed with ']'")
    }

    @Test func reportsAMissingCommaBetweenItems() throws {
        let text = "[\n" + line() + "\n" + line(kind: "crash") + "\n]"
        let records = try readAll(text, suffix: ".json", format: .native)
        #expect(records.last?.issue?.message == "a ',' is missing between two items of the array")
        #expect(records.last?.issue?.location.line == 3)
    }
}
