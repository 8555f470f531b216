import Hindsight
import HindsightFormats
import Testing

/// The optional fields of the retrospective workflow (docs/retrospective.md): read, checked, written back.
@Suite struct RetrospectiveFieldsTests {
    static let verdict =
        #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"pay","incident":"INC-7","actor":"ana","summary":"flag flip","verdict":"confirmed","change":"rel-9"}"#
    static let action =
        #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"pay","incident":"INC-7","summary":"Add a canary","action":"INC-7-A1","owner":"bob","due":"2024-10-20","status":"open","url":"https://x/1"}"#
    static let deploy =
        #"{"id":"d-1","time":"2024-10-10T10:00:00Z","end":"2024-10-10T10:20:00Z","kind":"deploy","service":"pay","commit_time":"2024-10-09T16:00:00Z"}"#

    @Test func readsAndWritesThemBack() throws {
        let v = try decodedEvent(Self.verdict)
        #expect(v.verdict == "confirmed" && v.change == "rel-9")
        #expect(TeamVerdict(v)?.decision == .confirmed)
        let a = try decodedEvent(Self.action)
        #expect(a.action == "INC-7-A1" && a.owner == "bob" && a.due == "2024-10-20")
        let d = try decodedEvent(Self.deploy)
        #expect(d.commitTime?.rfc3339 == "2024-10-09T16:00:00Z")
        // The native JSON of each decodes to the same event: exported and re-ingested, nothing is lost.
        for e in [v, a, d] { #expect(try decodedEvent(e.nativeJSON) == e) }
        #expect(d.nativeJSON.hasSuffix(#""commit_time":"2024-10-09T16:00:00Z"}"#))
    }

    /// The guard's suspected incident names the change it flagged (docs/guard.md); a dismissal is a verdict.
    @Test func aSuspectedIncidentNamesTheChangeItFlagged() throws {
        let e = try decodedEvent(
            #"{"time":"2024-10-10T10:00:00Z","kind":"incident","service":"pay","incident":"guard-d-1","status":"suspected","change":"d-1"}"#)
        #expect(e.change == "d-1" && e.status == "suspected")
        #expect(try decodedEvent(e.nativeJSON) == e)
        let d = try decodedEvent(
            #"{"time":"2024-10-10T11:00:00Z","kind":"note","service":"pay","incident":"guard-d-1","verdict":"dismissed","change":"d-1","summary":"load test"}"#)
        #expect(TeamVerdict(d)?.decision == .dismissed)
    }

    @Test func eventsWithoutTheNewFieldsKeepTheirDerivedIDs() throws {
        // The id of a version-1 event must not change because fields were added to the format.
        let e = try decodedEvent(#"{"time":"2024-07-19T04:10:12Z","kind":"crash","service":"falcon-sensor","host":"win-0001"}"#)
        #expect(e.id == Event(time: e.time, kind: .crash, service: "falcon-sensor", host: "win-0001").id)
        var withVerdict = e
        withVerdict.verdict = "confirmed"
        #expect(withVerdict.derivedID() != e.id)
    }

    @Test(arguments: [
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","verdict":"maybe","change":"c"}"#, "verdict", "'maybe' is not a verdict"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","verdict":"confirmed"}"#, "change", "needs the id of the change"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","verdict":"rejected","change":"c"}"#, "incident", "a verdict is about an incident"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"alert","service":"p","incident":"I","verdict":"rejected","change":"c"}"#, "verdict", "only a note"),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","change":"c"}"#, "change",
            "only a verdict or a suspected incident names a change"
        ),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"incident","service":"p","incident":"I","status":"declared","change":"c"}"#, "change",
            "make it an incident event with status 'suspected'"
        ),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"incident","service":"p","incident":"I","status":"guessed"}"#, "status", "suspected"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","owner":"bob"}"#, "owner", "only an action item has an owner"),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","action":"A1","due":"soon"}"#, "due", "'soon' is not an RFC 3339 time"),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","incident":"I","action":"A1","status":"closed"}"#, "status",
            "not a status of an action item"
        ),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"note","service":"p","action":"A1"}"#, "incident", "an action item belongs to an incident"),
        (
            #"{"time":"2024-10-10T10:00:00Z","kind":"crash","service":"p","commit_time":"2024-10-09T10:00:00Z"}"#, "commit_time",
            "only a change has a commit time"
        ),
        (#"{"time":"2024-10-10T10:00:00Z","kind":"deploy","service":"p","commit_time":"2024-10-11T10:00:00Z"}"#, "commit_time", "is committed before it ships"),
    ])
    func brokenRulesNameTheField(_ line: String, _ field: String, _ message: String) throws {
        let issue = try #require(decodeIssue(line))
        #expect(issue.field == field)
        #expect(issue.message.contains(message), "\(issue.message)")
        #expect(issue.location.line == 1)
    }
}
