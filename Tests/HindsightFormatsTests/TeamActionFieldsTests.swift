import Hindsight
import HindsightFormats
import Testing

/// An action item's priority and type, and the retraction of a note: read, checked, written back.
@Suite struct TeamActionFieldsTests {
    static let item =
        #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"pay","incident":"INC-7","summary":"Add a canary","action":"INC-7-A1","owner":"bob","priority":"P2","action_type":"prevent"}"#
    static let retraction = #"{"time":"2024-10-10T10:05:00Z","kind":"note","service":"pay","incident":"INC-7","actor":"ana","retracts":"h-1"}"#

    @Test func readsAndWritesThemBack() throws {
        let a = try decodedEvent(Self.item)
        #expect(a.priority == "P2" && a.actionType == "prevent")
        let item = try #require(ActionItem.fold([a]).first)
        #expect(item.priority == .p2 && item.type == .prevent)
        let r = try decodedEvent(Self.retraction)
        #expect(r.retracts == "h-1" && !r.isPlainNote)
        for e in [a, r] { #expect(try decodedEvent(e.nativeJSON) == e) }
        #expect(a.nativeJSON.hasSuffix(#""priority":"P2","action_type":"prevent"}"#))
        var without = a
        without.priority = nil
        #expect(without.derivedID() != a.id, "the new fields enter the digest when present")
    }

    @Test func aLaterNoteChangesThePriority() throws {
        let open = try decodedEvent(Self.item)
        let raised = try decodedEvent(
            #"{"time":"2024-10-11T10:00:00Z","kind":"note","service":"pay","incident":"INC-7","action":"INC-7-A1","status":"open","priority":"P1"}"#)
        let item = try #require(ActionItem.fold([open, raised]).first)
        #expect(item.priority == .p1 && item.type == .prevent && item.owner == "bob")
    }

    @Test(arguments: [
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","action":"A1","priority":"urgent"}"#, "priority",
            "'urgent' is not a priority"
        ),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","action":"A1","action_type":"prevnt"}"#, "action_type",
            "did you mean 'prevent'?"
        ),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","priority":"P1"}"#, "priority", "only an action item has a priority"),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","action_type":"detect"}"#, "action_type",
            "only an action item has a type"
        ),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"alert","service":"p","incident":"I","retracts":"x"}"#, "retracts", "only a note retracts"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","retracts":"x"}"#, "incident", "a retraction withdraws a note of an incident"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","retracts":"x","action":"A1"}"#, "retracts", "only withdraws"),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","retracts":"x","verdict":"confirmed","change":"c"}"#, "retracts",
            "only withdraws"
        ),
    ])
    func brokenRulesNameTheField(_ line: String, _ field: String, _ message: String) throws {
        let issue = try #require(decodeIssue(line))
        #expect(issue.field == field)
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    @Test func prioritiesReadAsPeopleWriteThem() {
        #expect(ActionPriority(text: "p3") == .p3 && ActionPriority(text: "2") == .p2 && ActionPriority(text: "P5") == nil)
    }
}
