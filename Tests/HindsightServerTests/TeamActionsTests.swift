import Foundation
import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The team's actions from the incident page's forms and from the JSON API: each stores the events the
/// CLI stores, changes the analysis, and is refused without write scope or the session's CSRF token.
@Suite struct TeamActionsTests {
    static let events = Array(
        """
        {"id":"inc-declared","time":"2024-07-19T04:00:00Z","kind":"incident","service":"api","status":"declared","incident":"INC-1","title":"API down","actor":"carol"}
        {"id":"d-0","time":"2024-07-19T03:50:00Z","kind":"deploy","service":"api","version":"1.2.2"}
        {"id":"cfg-9","time":"2024-07-19T03:55:00Z","kind":"config","service":"api","version":"limits-9"}
        {"time":"2024-07-19T03:56:00Z","kind":"crash","service":"api","host":"h1","version":"1.2.2","incident":"INC-1"}
        {"id":"inc-resolved","time":"2024-07-19T05:00:00Z","kind":"incident","service":"api","status":"resolved","incident":"INC-1"}

        """.utf8)

    static func fixture(_ backend: TestBackend = .sqlite) throws -> ServerFixture {
        let f = try ServerFixture(backend)
        #expect(try f.store.ingest(try ByteInput(bytes: events, name: "events")).committed)
        return f
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ token: CreatedToken, json: String) async throws -> (Int, [String: Any]) {
        try await client.execute(
            uri: uri, method: .post, headers: ServerFixture.bearer(token).merging([.contentType: "application/json"]), body: ByteBuffer(string: json)
        ) { r in (Int(r.status.code), r.json) }
    }

    static func analysis(_ client: any TestClientProtocol, _ token: CreatedToken) async throws -> [String: Any] {
        try await client.execute(uri: "/v1/incidents/INC-1", method: .get, headers: ServerFixture.bearer(token)) { r in r.json }
    }

    @Test(arguments: TestBackend.available) func theAPIStoresWhatTheCLIStores(_ backend: TestBackend) async throws {
        let f = try Self.fixture(backend)
        try await f.test { client in
            let (status, verdict) = try await Self.post(
                client, "/v1/incidents/INC-1/verdicts", f.writer, json: #"{"change":"cfg-9","verdict":"confirmed","why":"limits hit at 03:56"}"#)
            #expect(status == 201)
            #expect(verdict["verdict"] as? String == "confirmed")
            #expect(verdict["by"] as? String == "ci", "the author is the token's name")
            let trigger = try await Self.analysis(client, f.reader)["trigger"] as? [String: Any]
            #expect(trigger?["id"] as? String == "cfg-9")
            #expect(trigger?["confirmed_by"] as? String == "ci")

            let (noteStatus, note) = try await Self.post(client, "/v1/incidents/INC-1/notes", f.writer, json: #"{"text":"paged the DBA","by":"dave"}"#)
            #expect(noteStatus == 201)
            #expect(note["kind"] as? String == "note")
            #expect(note["actor"] as? String == "dave", "an author given wins")
            #expect(note["time"] as? String == ServerFixture.now.rfc3339)

            let (itemStatus, item) = try await Self.post(
                client, "/v1/incidents/INC-1/actions", f.writer,
                json: #"{"text":"Stage config pushes","owner":"bob","due":"2024-08-01","priority":"p2","type":"prevent","link":"https://tracker/OPS-1"}"#)
            #expect(itemStatus == 201)
            #expect(item["id"] as? String == "INC-1-A1")
            #expect(item["priority"] as? String == "P2")
            #expect(item["type"] as? String == "prevent")
            #expect(item["link"] as? String == "https://tracker/OPS-1")
            let (doneStatus, done) = try await Self.post(client, "/v1/actions/INC-1-A1/done", f.writer, json: "{}")
            #expect(doneStatus == 200)
            #expect(done["state"] as? String == "done")
            try await client.execute(uri: "/v1/actions?state=done", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.text.contains("\"id\":\"INC-1-A1\""))
            }
            try await client.execute(uri: "/v1/actions?state=open", method: .get, headers: ServerFixture.bearer(f.reader)) { r in #expect(r.text == "[]\n") }
        }
        let stored = try f.store.actionItems(incident: "INC-1")
        #expect(stored.map(\.priority) == [.p2] && stored.map(\.type) == [.prevent] && stored.map(\.state) == [.done])
        let verdicts = try f.store.verdicts(incident: "INC-1").current
        #expect(verdicts.map(\.change) == ["cfg-9"] && verdicts.first?.by == "ci")
    }

    @Test func aRetractedVerdictStopsCountingAndTheEarlierOneIsInForceAgain() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            _ = try await Self.post(client, "/v1/incidents/INC-1/verdicts", f.writer, json: #"{"change":"d-0","verdict":"rejected","why":"old"}"#)
            let (_, mistake) = try await Self.post(
                client, "/v1/incidents/INC-1/verdicts", f.writer, json: #"{"change":"d-0","verdict":"confirmed","why":"clicked the wrong row"}"#)
            let eventID = try #require(mistake["event"] as? String)
            #expect((try await Self.analysis(client, f.reader)["trigger"] as? [String: Any])?["id"] as? String == "d-0")
            let (status, retraction) = try await Self.post(
                client, "/v1/incidents/INC-1/retractions", f.writer, json: #"{"event":"\#(eventID)","why":"wrong row"}"#)
            #expect(status == 201)
            #expect(retraction["retracts"] as? String == eventID)
            let after = try await Self.analysis(client, f.reader)
            #expect((after["trigger"] as? [String: Any])?["id"] as? String != "d-0", "the rejection is in force again")
            let verdicts = after["verdicts"] as? [[String: Any]] ?? []
            #expect(verdicts.map { $0["verdict"] as? String } == ["rejected"])
            // Retracting again records nothing new; a retraction is not itself retractable.
            let (_, again) = try await Self.post(client, "/v1/incidents/INC-1/retractions", f.writer, json: #"{"event":"\#(eventID)"}"#)
            #expect(again["id"] as? String == retraction["id"] as? String)
            let (refused, error) = try await Self.post(
                client, "/v1/incidents/INC-1/retractions", f.writer, json: #"{"event":"\#(retraction["id"] as! String)"}"#)
            #expect(refused == 409)
            #expect(error["field"] as? String == "event")
        }
        #expect(try f.store.events(EventFilter(kinds: [.note], limit: 100)).count == 3, "history stays: two verdicts and one retraction")
    }

    @Test func theAPIRefusesWhatItCannotStoreNamingTheField() async throws {
        let f = try Self.fixture()
        let cases: [(String, String, Int, String?)] = [
            ("/v1/incidents/INC-1/notes", #"{"txt":"typo"}"#, 400, "txt"),
            ("/v1/incidents/INC-1/notes", #"{"text":""}"#, 400, "text"),
            ("/v1/incidents/INC-1/notes", #"{"text":"x","at":"2024-07-19 04:00"}"#, 400, "at"),
            ("/v1/incidents/INC-1/notes", #"{"text":42}"#, 400, "text"),
            ("/v1/incidents/INC-1/notes", "[1]", 400, nil),
            ("/v1/incidents/INC-404/notes", #"{"text":"x"}"#, 404, nil),
            ("/v1/incidents/INC-1/verdicts", #"{"change":"nope","verdict":"confirmed"}"#, 400, "change"),
            ("/v1/incidents/INC-1/verdicts", #"{"change":"d-0","verdict":"maybe"}"#, 400, "verdict"),
            ("/v1/incidents/INC-1/actions", #"{"text":"x"}"#, 400, "owner"),
            ("/v1/incidents/INC-1/actions", #"{"text":"x","owner":"b","priority":"P5"}"#, 400, "priority"),
            ("/v1/incidents/INC-1/actions", #"{"text":"x","owner":"b","type":"blame"}"#, 400, "type"),
            ("/v1/incidents/INC-1/actions", #"{"text":"x","owner":"b","link":"javascript:alert(1)"}"#, 400, "link"),
            ("/v1/incidents/INC-1/actions", #"{"text":"x","owner":"b","due":"soon"}"#, 400, "due"),
            ("/v1/actions/INC-1-A9/done", "{}", 404, nil),
            ("/v1/incidents/INC-1/retractions", #"{"event":"d-0"}"#, 400, "event"),
        ]
        try await f.test { client in
            for (uri, body, status, field) in cases {
                let (got, json) = try await Self.post(client, uri, f.writer, json: body)
                #expect(got == status, "\(uri) \(body): \(json)")
                #expect(json["field"] as? String == field, "\(uri) \(body)")
                #expect((json["hint"] as? String)?.isEmpty == false)
            }
        }
        #expect(try f.store.events(EventFilter(kinds: [.note], limit: 100)).isEmpty, "nothing refused was stored")
    }

    @Test func aConfirmMadeInThePageChangesTheAnalysis() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let cookie = try await CSRFMiddlewareTests.login(client, f.writer)
            let csrf = try await CSRFMiddlewareTests.csrf(client, cookie: cookie)
            var page = ""
            try await client.execute(uri: "/incidents/INC-1", method: .get, headers: [.cookie: cookie]) { r in page = r.text }
            #expect(page.contains("action=\"/incidents/INC-1/verdicts\""))
            #expect(page.contains("<label class=\"wide\">Reason for cfg-9<input name=\"why\""))
            let headers = CSRFMiddlewareTests.form.merging([.cookie: cookie])
            let body = "csrf=\(csrf)&change=cfg-9&form=verdict-0&why=limits+hit&verdict=confirmed"
            try await client.execute(uri: "/incidents/INC-1/verdicts", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/incidents/INC-1?saved=verdict#verdicts")
            }
            let trigger = try await Self.analysis(client, f.reader)["trigger"] as? [String: Any]
            #expect(trigger?["id"] as? String == "cfg-9")
            #expect(trigger?["confirmed_by"] as? String == "ci", "a session's author is its token's name")
            try await client.execute(uri: "/incidents/INC-1?saved=verdict", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("Verdict recorded."))
                #expect(r.text.contains("<span class=\"badge ok\">confirmed</span> by ci"))
            }
            // The same form without its CSRF token, or with another session's, is refused and stores nothing.
            for token in ["", "csrf=forged&"] {
                try await client.execute(
                    uri: "/incidents/INC-1/notes", method: .post, headers: headers, body: ByteBuffer(string: "\(token)text=sneaky&form=note")
                ) { r in
                    #expect(r.status == .forbidden)
                    #expect(r.json["field"] as? String == "csrf")
                }
            }
            // A note, an action item and its completion, each from its form.
            for (path, form) in [
                ("notes", "text=Rolled+back+by+hand&at=2024-07-19T06%3A30&form=note"),
                ("actions", "text=Canary+config&owner=bob&due=2024-08-01&priority=P1&type=detect&link=https%3A%2F%2Ft%2F1&form=action"),
            ] {
                try await client.execute(uri: "/incidents/INC-1/\(path)", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&\(form)")) {
                    r in #expect(r.status == .seeOther, "\(path): \(r.text)")
                }
            }
            try await client.execute(
                uri: "/actions/INC-1-A1/done", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&return=%2Factions%3Fstate%3Ddone")
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/actions?state=done")
            }
        }
        let notes = try f.store.events(EventFilter(kinds: [.note], limit: 100)).filter { $0.isPlainNote }
        #expect(notes.map(\.time) == [Timestamp(milliseconds: 1_721_370_600_000)], "06:30 in the page's zone (UTC)")
        let items = try f.store.actionItems(incident: "INC-1")
        #expect(items.map(\.priority) == [.p1] && items.map(\.type) == [.detect] && items.map(\.state) == [.done] && items.map(\.owner) == ["bob"])
    }

    @Test func aRefusedFormComesBackWithTheProblemAndWhatWasTyped() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let cookie = try await CSRFMiddlewareTests.login(client, f.writer)
            let csrf = try await CSRFMiddlewareTests.csrf(client, cookie: cookie)
            let headers = CSRFMiddlewareTests.form.merging([.cookie: cookie])
            let body = "csrf=\(csrf)&text=Add+%3Cb%3Ealerts%3C%2Fb%3E&owner=&form=action"
            try await client.execute(uri: "/incidents/INC-1/actions", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .badRequest)
                #expect(r.text.contains("<p class=\"problem\" role=\"alert\">owner is missing: every action item needs an owner</p>"))
                #expect(r.text.contains("value=\"Add &lt;b&gt;alerts&lt;/b&gt;\""), "what was typed is kept, escaped")
            }
        }
        #expect(try f.store.actionItems().isEmpty)
    }

    @Test func aReadSessionSeesNoFormsAndItsPostsAreRefused() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let cookie = try await CSRFMiddlewareTests.login(client, f.reader)
            let csrf = try await CSRFMiddlewareTests.csrf(client, cookie: cookie)
            try await client.execute(uri: "/incidents/INC-1", method: .get, headers: [.cookie: cookie]) { r in
                #expect(!r.text.contains("action=\"/incidents/INC-1/notes\""))
                #expect(r.text.contains("Reading only."))
            }
            let headers = CSRFMiddlewareTests.form.merging([.cookie: cookie])
            try await client.execute(uri: "/incidents/INC-1/notes", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&text=hi")) { r in
                #expect(r.status == .forbidden)
            }
        }
        #expect(try f.store.events(EventFilter(kinds: [.note], limit: 100)).isEmpty)
    }
}
