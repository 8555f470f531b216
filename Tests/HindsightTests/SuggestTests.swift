import Testing

@testable import Hindsight

@Suite struct SuggestTests {
    @Test func findsTheNearestField() {
        #expect(Suggest.nearest("servce", in: Event.fieldNames) == "service")
        #expect(Suggest.nearest("sevrice", in: Event.fieldNames) == "service")
        #expect(Suggest.nearest("tiem", in: Event.fieldNames) == "time")
        #expect(Suggest.nearest("Labels", in: Event.fieldNames) == "labels")
        #expect(Suggest.nearest("deploi", in: EventKind.allCases.map(\.rawValue)) == "deploy")
    }

    @Test func abstainsWhenNothingIsClose() {
        #expect(Suggest.nearest("zzzzzzzz", in: Event.fieldNames) == nil)
        #expect(Suggest.nearest("pct", in: Scope.fields) == nil)
        #expect(Suggest.nearest("x", in: []) == nil)
    }

    @Test func scalesTheAllowedDistanceWithLength() {
        // Two letters may differ by one edit, longer words by up to three.
        #expect(Suggest.nearest("ab", in: ["xy"]) == nil)
        #expect(Suggest.nearest("ab", in: ["ax"]) == "ax")
        #expect(Suggest.nearest("environmnt", in: ["environment"]) == "environment")
        #expect(Suggest.nearest("envxxxnment", in: ["environment"]) == "environment")
        #expect(Suggest.nearest("exxxxxxment", in: ["environment"]) == nil)
    }

    @Test func countsEditsIncludingTranspositions() {
        func d(_ a: String, _ b: String) -> Int { Suggest.distance(Array(a), Array(b)) }
        #expect(d("kitten", "sitting") == 3)
        #expect(d("servce", "service") == 1)
        #expect(d("ab", "ba") == 1)
        #expect(d("", "abc") == 3)
        #expect(d("same", "same") == 0)
    }
}
