import Hindsight
import HindsightFormats
import Testing

@Suite struct DerivedIDTests {
    @Test func sameContentGetsTheSameID() throws {
        let a = try decodedEvent(line(#""summary":"x","labels":{"region":"eu"}"#))
        let b = try decodedEvent(line(#""summary":"x","labels":{"region":"eu"}"#))
        #expect(a.id == b.id)
        #expect(a.id.hasPrefix("h-"))
        #expect(a.id.count == 18)
        #expect(a.id.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func differentContentGetsADifferentID() throws {
        let base = try decodedEvent(line(#""summary":"x""#)).id
        let variants = [
            line(#""summary":"y""#),
            line(kind: "config", #""summary":"x""#),
            line(#""summary":"x","host":"h1""#),
            line(#""summary":"x","count":2"#),
            line(#""summary":"x","environment":"staging""#),
            #"{"time":"2024-07-19T04:09:00.001Z","kind":"deploy","service":"api","summary":"x"}"#,
            line(#""summary":"x","attributes":{"a":1}"#),
        ]
        var ids = Set([base])
        for v in variants { ids.insert(try decodedEvent(v).id) }
        #expect(ids.count == variants.count + 1)
    }

    @Test func anAbsentFieldDiffersFromAnEmptyOne() throws {
        #expect(try decodedEvent(line()).id != (try decodedEvent(line(#""summary":"""#)).id))
    }

    @Test func theSameInstantWrittenTwoWaysGetsTheSameID() throws {
        let z = try decodedEvent(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api"}"#)
        let offset = try decodedEvent(#"{"time":"2024-07-19T04:09:00+00:00","kind":"deploy","service":"api"}"#)
        let shifted = try decodedEvent(#"{"time":"2024-07-19T06:09:00.000+02:00","kind":"deploy","service":"api"}"#)
        #expect(z.id == offset.id)
        #expect(z.id == shifted.id)
    }

    @Test func memberOrderDoesNotMatter() throws {
        let a = try decodedEvent(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","version":"1"}"#)
        let b = try decodedEvent(#"{"version":"1","service":"api","kind":"deploy","time":"2024-07-19T04:09:00Z"}"#)
        #expect(a.id == b.id)
    }

    @Test func aGivenIDIsKept() throws {
        let e = try decodedEvent(line(#""id":"cs-291""#))
        #expect(e.id == "cs-291")
        #expect(e.derivedID() == (try decodedEvent(line())).id)
    }
}
