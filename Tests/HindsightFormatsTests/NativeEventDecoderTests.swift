import Hindsight
import HindsightFormats
import Testing

@Suite struct NativeEventDecoderTests {
    @Test func readsEveryField() throws {
        let e = try decodedEvent(
            #"""
            {"id":"cs-291","time":"2024-07-19T06:09:00.250+02:00","kind":"config","service":"falcon-sensor",
             "environment":"staging","summary":"Channel File 291","end":"2024-07-19T05:27:00Z","version":"channel-file-291",
             "status":"failed","incident":"INC-7","severity":"SEV1","title":"t","host":"win-0001","count":3,
             "scope":{"percent":12.5,"hosts":40,"regions":["us-east-1","eu-west-1"],"ring":"canary"},
             "actor":"ci-bot","source":"github","url":"https://example.com/pr/1",
             "labels":{"region":"eu-west-1","os":"windows"},"attributes":{"k":[1,2]}}
            """#.replacingOccurrences(of: "\n", with: ""))
        #expect(e.id == "cs-291")
        #expect(e.time.rfc3339 == "2024-07-19T04:09:00.250Z")
        #expect(e.kind == .config)
        #expect(e.service == "falcon-sensor")
        #expect(e.environment == "staging")
        #expect(e.summary == "Channel File 291")
        #expect(e.end?.rfc3339 == "2024-07-19T05:27:00Z")
        #expect(e.version == "channel-file-291")
        #expect(e.status == "failed")
        #expect(e.incident == "INC-7")
        #expect(e.severity == "SEV1")
        #expect(e.title == "t")
        #expect(e.host == "win-0001")
        #expect(e.count == 3)
        #expect(e.scope?.percent == 12.5)
        #expect(e.scope?.hosts == 40)
        #expect(e.scope?.regions == ["us-east-1", "eu-west-1"])
        #expect(e.scope?.ring == "canary")
        #expect(e.scope?.json == #"{"percent":12.5,"hosts":40,"regions":["us-east-1","eu-west-1"],"ring":"canary"}"#)
        #expect(e.actor == "ci-bot")
        #expect(e.source == "github")
        #expect(e.url == "https://example.com/pr/1")
        #expect(e.labels?["region"] == "eu-west-1")
        #expect(e.labels?["os"] == "windows")
        #expect(e.labels?.json == #"{"region":"eu-west-1","os":"windows"}"#)
        #expect(e.region == "eu-west-1")
        #expect(e.attributes == #"{"k":[1,2]}"#)
    }

    @Test func appliesDefaults() throws {
        let e = try decodedEvent(line())
        #expect(e.environment == "production")
        #expect(e.count == 1)
        #expect(e.status == nil)
        #expect(e.effectiveStatus == "succeeded")
        #expect(e.scope == nil && e.labels == nil && e.attributes == nil)
        #expect(try decodedEvent(line(kind: "alert")).effectiveStatus == "firing")
    }

    @Test func treatsNullAsAbsent() throws {
        let e = try decodedEvent(line(#""summary":null,"scope":null,"count":null,"environment":null"#))
        #expect(e.summary == nil)
        #expect(e.scope == nil)
        #expect(e.count == 1)
        #expect(e.environment == "production")
        #expect(decodeIssue(#"{"time":null,"kind":"deploy","service":"api"}"#)?.field == "time")
        #expect(decodeIssue(line(#""servce":null"#))?.field == "servce")
    }

    @Test func requiresTimeKindAndService() {
        let time = decodeIssue(#"{"kind":"deploy","service":"api"}"#)
        #expect(time?.field == "time")
        #expect(time?.description == "t.jsonl:1: field 'time': is missing; every event needs an RFC 3339 time such as 2024-07-19T04:09:00Z")
        let kind = decodeIssue(#"{"time":"2024-07-19T04:09:00Z","service":"api"}"#)
        #expect(kind?.field == "kind")
        #expect(kind?.message == "is missing; use one of deploy, release, config, rollback, alert, crash, report, incident, note")
        let service = decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy"}"#)
        #expect(service?.field == "service")
        #expect(service?.message == "is missing; name the service the event is about, or '*' for every service")
        #expect(decodeIssue(line(#""id":"""#))?.message == "is empty; give a value or leave the field out")
        #expect(decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":""}"#)?.field == "service")
    }

    @Test func acceptsOnlyTheListedKinds() {
        let issue = decodeIssue(line(kind: "deploi"))
        #expect(issue?.field == "kind")
        #expect(
            issue?.message == "unknown kind 'deploi'; did you mean 'deploy'? use one of deploy, release, config, rollback, alert, crash, report, incident, note"
        )
        #expect(
            decodeIssue(line(kind: "outage"))?.message
                == "unknown kind 'outage'; use one of deploy, release, config, rollback, alert, crash, report, incident, note")
        #expect(decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":7,"service":"api"}"#)?.message == "must be a string, not a number")
    }

    @Test func readsRFC3339WithEveryOffsetForm() throws {
        let z = try decodedEvent(line()).time
        let colon = try decodedEvent(#"{"time":"2024-07-19T06:09:00+02:00","kind":"deploy","service":"api"}"#).time
        let noColon = try decodedEvent(#"{"time":"2024-07-19T04:09:00+0000","kind":"deploy","service":"api"}"#).time
        #expect(z.milliseconds == 1_721_362_140_000)
        #expect(colon == z)
        #expect(noColon == z)
    }

    @Test func rejectsATimeWithoutOffset() {
        let issue = decodeIssue(#"{"time":"2024-07-19T04:09:00","kind":"deploy","service":"api"}"#)
        #expect(issue?.field == "time")
        #expect(issue?.message == "'2024-07-19T04:09:00' has no UTC offset; add 'Z' or an offset such as '+02:00' (Hindsight never guesses a time zone)")
        #expect(decodeIssue(#"{"time":"2023-02-29T00:00:00Z","kind":"deploy","service":"api"}"#)?.message == "'2023-02-29T00:00:00Z' has an impossible day")
        #expect(decodeIssue(line(#""end":"soon""#))?.field == "end")
    }

    @Test func namesTheNearestFieldForAnUnknownOne() {
        let issue = decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","servce":"api"}"#)
        #expect(issue?.field == "servce")
        #expect(issue?.description == "t.jsonl:1: field 'servce': unknown field; did you mean 'service'? (put extra data under 'attributes')")
        let far = decodeIssue(line(#""zzzzzzzzz":1"#))
        #expect(far?.message == "unknown field; known fields are \(Event.fieldNames.joined(separator: ", ")) (put extra data under 'attributes')")
    }

    @Test func requiresACountOfOneOrMore() {
        #expect(decodeIssue(line(#""count":0"#))?.message == "is 0; it must be 1 or more (leave it out for a single occurrence)")
        #expect(decodeIssue(line(#""count":-3"#))?.message == "is -3; it must be 1 or more (leave it out for a single occurrence)")
        #expect(decodeIssue(line(#""count":1.5"#))?.message == "must be a whole number of occurrences (1 or more), not 1.5")
        #expect(decodeIssue(line(#""count":"3""#))?.message == "must be a whole number of occurrences (1 or more), not \"3\"")
        #expect(decodeIssue(line(#""count":0"#))?.field == "count")
    }

    @Test func requiresAScopePercentFrom0To100() throws {
        #expect(try decodedEvent(line(#""scope":{"percent":0}"#)).scope?.percent == 0)
        #expect(try decodedEvent(line(#""scope":{"percent":100}"#)).scope?.percent == 100)
        let over = decodeIssue(line(#""scope":{"percent":100.5}"#))
        #expect(over?.field == "scope.percent")
        #expect(over?.message == "is 100.5; it must be from 0 to 100")
        #expect(decodeIssue(line(#""scope":{"percent":-1}"#))?.message == "is -1; it must be from 0 to 100")
        #expect(decodeIssue(line(#""scope":{"percent":"10%"}"#))?.message == "must be a number from 0 to 100, not a string")
    }

    @Test func checksTheRestOfScope() {
        let unknown = decodeIssue(line(#""scope":{"percnt":5}"#))
        #expect(unknown?.field == "scope.percnt")
        #expect(unknown?.message == "unknown field; did you mean 'percent'?")
        #expect(decodeIssue(line(#""scope":{"pct":5}"#))?.message == "unknown field; known fields are percent, hosts, regions, ring")
        #expect(decodeIssue(line(#""scope":{"hosts":-1}"#))?.message == "must be a whole number of hosts (0 or more), not -1")
        #expect(decodeIssue(line(#""scope":{"regions":"us-east-1"}"#))?.message == "must be an array of strings such as [\"us-east-1\"]")
        #expect(decodeIssue(line(#""scope":{"regions":["a",1]}"#))?.message == "must hold strings only, not a number")
        #expect(decodeIssue(line(#""scope":{"ring":1}"#))?.field == "scope.ring")
        #expect(decodeIssue(line(#""scope":50"#))?.message == "must be an object such as {\"percent\": 10, \"regions\": [\"eu-west-1\"]}")
    }

    @Test func requiresStringLabels() {
        let issue = decodeIssue(line(#""labels":{"region":"eu-west-1","zone":5}"#))
        #expect(issue?.field == "labels.zone")
        #expect(issue?.message == "must be a string, not a number; quote it")
        #expect(decodeIssue(line(#""labels":["a"]"#))?.message == "must be an object of string values, like {\"region\":\"eu-west-1\"}")
    }

    @Test func checksStatusPerKind() throws {
        #expect(try decodedEvent(line(kind: "deploy", #""status":"failed""#)).status == "failed")
        #expect(try decodedEvent(line(kind: "alert", #""status":"resolved""#)).status == "resolved")
        #expect(try decodedEvent(line(kind: "incident", #""status":"mitigated","incident":"INC-1""#)).status == "mitigated")
        #expect(try decodedEvent(line(kind: "crash", #""status":"anything""#)).status == "anything")
        let alert = decodeIssue(line(kind: "alert", #""status":"resolvd""#))
        #expect(alert?.field == "status")
        #expect(alert?.message == "'resolvd' is not a status of a alert event; did you mean 'resolved'? use one of firing, resolved")
        #expect(
            decodeIssue(line(kind: "deploy", #""status":"declared""#))?.message
                == "'declared' is not a status of a deploy event; use one of started, succeeded, failed")
    }

    @Test func allowsRevertsOnlyOnARollback() throws {
        #expect(try decodedEvent(line(kind: "rollback", #""reverts":"cs-291""#)).reverts == "cs-291")
        let issue = decodeIssue(line(kind: "deploy", #""reverts":"cs-291""#))
        #expect(issue?.field == "reverts")
        #expect(issue?.message == "only a rollback reverts a change; make the kind 'rollback' or drop 'reverts'")
    }

    @Test func requiresTheIncidentIdOnIncidentEvents() {
        let issue = decodeIssue(line(kind: "incident", #""status":"declared""#))
        #expect(issue?.field == "incident")
        #expect(issue?.message == "is missing; an incident event needs the incident's id in 'incident'")
    }

    @Test func rejectsAnEndBeforeTime() throws {
        let issue = decodeIssue(line(#""end":"2024-07-19T04:08:59Z""#))
        #expect(issue?.field == "end")
        #expect(issue?.message == "2024-07-19T04:08:59Z is before 'time' 2024-07-19T04:09:00Z; a range must not end before it starts")
        #expect(try decodedEvent(line(#""end":"2024-07-19T04:09:00Z""#)).end?.milliseconds == 1_721_362_140_000)
    }

    @Test func rejectsDuplicateKeys() {
        let issue = decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","service":"web"}"#)
        #expect(issue?.field == "service")
        #expect(issue?.message == "appears twice; keep one")
    }

    @Test func reportsInvalidJSONWithItsLine() {
        let issue = decodeIssue(#"{"time":"2024-07-19T04:09:00Z","kind":"deploy",}"#)
        #expect(issue?.field == nil)
        #expect(
            issue?.description
                == "t.jsonl:1: not valid JSON at column 48: expected a member name in double quotes but found '}'; each line must be one JSON object")
    }
}

/// U+0000 cannot be stored as text on PostgreSQL and would come back cut short on SQLite: it is refused
/// wherever text is, escaped or not, naming the field; every other character is kept.
@Suite struct NULCharacterTests {
    static let base = #""time":"2024-07-19T04:09:00Z","kind":"deploy""#

    @Test(arguments: [
        (#"{\#(base),"service":"n\u0000b"}"#, "service"),
        (#"{\#(base),"service":"api","summary":"\u0000"}"#, "summary"),
        (#"{\#(base),"service":"api","version":"v\u00001"}"#, "version"),
        (#"{\#(base),"service":"api","labels":{"team":"a\u0000"}}"#, "labels.team"),
        (#"{\#(base),"service":"api","labels":{"t\u0000":"a"}}"#, "labels"),
        (#"{\#(base),"service":"api","scope":{"ring":"c\u0000"}}"#, "scope.ring"),
        (#"{\#(base),"service":"api","scope":{"regions":["eu\u0000"]}}"#, "scope.regions"),
        (#"{"time":"2024-07-19T04:09:00Z\u0000","kind":"deploy","service":"api"}"#, "time"),
    ])
    func anEscapedNULIsRefusedNamingTheField(_ line: String, _ field: String) throws {
        let issue = try #require(decodeIssue(line))
        #expect(issue.field == field)
        #expect(issue.message == #"contains the character U+0000 (NUL, written \u0000 in JSON), which Hindsight does not store in text; remove it"#)
    }

    @Test func aRawNULIsRefusedAsJSONSays() throws {
        let issue = try #require(decodeIssue("{\(Self.base),\"service\":\"n\u{0}b\"}"))
        #expect(issue.message.contains("a control character must be escaped inside a string"))
    }

    @Test func everyOtherCharacterIsKept() throws {
        let text = "tab\t cr\r lf\n \u{1} \u{1F} del\u{7F} \"q\" back\\slash \u{2028}\u{2029} 😀 e\u{301} é 東京"
        let escaped = #"tab\t cr\r lf\n \u0001 \u001f del\u007f \"q\" back\\slash \u2028\u2029 \ud83d\ude00 e\u0301 é 東京"#
        let e = try decodedEvent(#"{\#(Self.base),"service":"api","summary":"\#(escaped)","labels":{"k":"\#(escaped)"}}"#)
        #expect(e.summary == text)
        #expect(e.labels?["k"] == text)
        // Attributes are any JSON, kept verbatim: an escaped NUL there is its six characters of text.
        let kept = try decodedEvent(#"{\#(Self.base),"service":"api","attributes":{"raw":"a\u0000b"}}"#)
        #expect(kept.attributes == #"{"raw":"a\u0000b"}"#)
    }
}
