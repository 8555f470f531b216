import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

@Suite struct RoundTripTests {
    static let oddJSON =
        #"{"id":"odd","time":"2024-07-19T06:09:00.250+02:00","kind":"config","service":"falcon","#
        + #""summary":"tab\there \"quoted\" ünï","end":"2024-07-19T05:00:00Z","count":4,"#
        + #""scope" : { "ring":"canary" ,"percent" : 10.50, "regions":[ "us-east-1","eu-west-1" ] , "hosts":3 },"#
        + #""labels":{ "zone" : "b",  "region":"eu-west-1" },"#
        + #""attributes":[ 1 , {"z":null,"a":1.0e2} , "x" ]}"#

    @Test(arguments: TestBackend.available) func jsonFieldsComeBackByteForByte(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        #expect(try ingest(Self.oddJSON, into: store).new == 1)
        let stored = try #require(try store.event(id: "odd"))
        #expect(stored.scope?.json == #"{ "ring":"canary" ,"percent" : 10.50, "regions":[ "us-east-1","eu-west-1" ] , "hosts":3 }"#)
        #expect(stored.labels?.json == #"{ "zone" : "b",  "region":"eu-west-1" }"#)
        #expect(stored.attributes == #"[ 1 , {"z":null,"a":1.0e2} , "x" ]"#)
        #expect(stored.scope?.percent == 10.5)
        #expect(stored.scope?.hosts == 3)
        #expect(stored.scope?.regions == ["us-east-1", "eu-west-1"])
        #expect(stored.scope?.ring == "canary")
        #expect(stored.labels?["region"] == "eu-west-1")
        #expect(stored.region == "eu-west-1")
        #expect(stored.summary == "tab\there \"quoted\" ünï")
        #expect(stored.time.rfc3339 == "2024-07-19T04:09:00.250Z")
        #expect(stored.count == 4)
        #expect(
            stored.nativeJSON == #"{"id":"odd","time":"2024-07-19T04:09:00.250Z","kind":"config","service":"falcon","environment":"production","#
                + #""summary":"tab\there \"quoted\" ünï","end":"2024-07-19T05:00:00Z","count":4,"#
                + #""scope":{ "ring":"canary" ,"percent" : 10.50, "regions":[ "us-east-1","eu-west-1" ] , "hosts":3 },"#
                + #""labels":{ "zone" : "b",  "region":"eu-west-1" },"attributes":[ 1 , {"z":null,"a":1.0e2} , "x" ]}"#)
        let listed = try store.events(EventFilter())
        #expect(listed == [stored])
    }

    @Test(arguments: TestBackend.available) func theStoredEventEqualsTheDecodedOne(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try ingest(Self.oddJSON, into: store)
        let decoded = try Self.oddJSON.utf8CString.withUnsafeBufferPointer { buf -> Event in
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buf.count - 1)
            guard case .event(let e, _) = NativeJSONDecoder.record(from: bytes, at: SourceLocation(file: "x", line: 1)) else {
                throw StoreError.database("the line did not decode to an event")
            }
            return e
        }
        #expect(try store.event(id: "odd") == decoded)
    }

    @Test(arguments: TestBackend.available) func nativeJSONReingestsAsAlreadyStored(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let lines = [
            Self.oddJSON,
            eventLine(at: 1, kind: "crash", service: "api", #""host":"h1","labels":{"region":"us"}"#),
            eventLine(at: 2, kind: "incident", service: "api", #""incident":"INC-1","status":"declared","title":"API down""#),
        ]
        #expect(try ingest(lines.joined(separator: "\n"), into: store).new == 3)
        let exported = try store.events(EventFilter()).map(\.nativeJSON).joined(separator: "\n")
        let again = try ingest(exported, into: store)
        #expect(again.summary == "3 read, 0 new, 3 already stored")
        let other = try backend.makeStore()
        _ = try ingest(exported, into: other)
        #expect(try other.events(EventFilter()) == (try store.events(EventFilter())))
    }

    @Test(arguments: TestBackend.available) func anEventWithoutIDKeepsItsDerivedID(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let line = eventLine(at: 5, kind: "deploy", service: "api", #""version":"1.2""#)
        _ = try ingest(line, into: store)
        let stored = try #require(try store.events(EventFilter()).first)
        #expect(stored.id.hasPrefix("h-"))
        #expect(stored.id == stored.derivedID())
        #expect(try store.event(id: stored.id)?.version == "1.2")
    }
}
