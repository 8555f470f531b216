import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// 2024-07-19T04:00:00Z, 6m 40s before `ServerFixture.now`.
private let t0 = Timestamp(milliseconds: 1_721_361_600_000)

/// The verdict endpoint and the Flagger gate, with Argo Rollouts' and Flagger's documented shapes.
@Suite struct GuardRoutesTests {
    /// `ServerFixture.now` is 04:06:40; a 5% canary of checkout at 04:00 whose hosts crash from 04:01, and a healthy one
    /// of search at 03:40 on a busy service.
    static func store(_ backend: TestBackend) throws -> EventStore {
        let store = try backend.makeStore()
        var events = [
            Event(id: "deploy-checkout-5.14", time: t0, kind: .deploy, service: "checkout", version: "5.14", scope: Scope(percent: 5)),
            Event(id: "deploy-search-2.0", time: t0 - .minutes(20), kind: .deploy, service: "search", version: "2.0", scope: Scope(percent: 5)),
        ]
        for m in -60..<7 {
            events.append(Event(id: "co-\(m)", time: t0 + .minutes(Int64(m)), kind: .crash, service: "checkout", version: "5.13", host: "h\(m & 7)"))
            for k in 0..<2 {
                // One in twenty of search's crashes is on the canary's version: its share.
                let canary = m >= -20 && (m * 2 + k) % 20 == 0
                events.append(
                    Event(
                        id: "se-\(m)-\(k)", time: t0 + .minutes(Int64(m)) + .seconds(Int64(20 * k)), kind: .crash, service: "search",
                        version: canary ? "2.0" : "1.9", host: "s\((m + k) & 15)"))
            }
        }
        for i in 0..<10 {
            events.append(Event(id: "bad-\(i)", time: t0 + .seconds(Int64(60 + 30 * i)), kind: .crash, service: "checkout", version: "5.14", host: "c1"))
        }
        try store.insert(events)
        return store
    }

    static let flagger = #"{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"85d557f47b","metadata":{"change":"deploy-checkout-5.14"}}"#

    @Test(arguments: TestBackend.available) func theVerdictIsJSONWhateverItSays(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, store: try Self.store(backend))
        try await f.test { client in
            try await client.execute(uri: "/v1/changes/deploy-checkout-5.14/verdict", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.status == .ok)
                // What an Argo Rollouts AnalysisTemplate reads with jsonPath "{$}": result.verdict, result.confidence.
                #expect(r.json["verdict"] as? String == "failing")
                #expect(r.json["change"] as? String == "deploy-checkout-5.14")
                #expect((r.json["confidence"] as? Double ?? 0) >= 0.9)
                #expect(r.json["evaluated_at"] as? String == "2024-07-19T04:06:40Z")
                #expect((r.json["evidence"] as? [[String: Any]])?.isEmpty == false)
                #expect((r.json["exposure"] as? [String: Any])?["steps"] as? [String] == ["deploy-checkout-5.14"])
            }
            // Earlier, before the canary's hosts failed: not failing.
            try await client.execute(
                uri: "/v1/changes/deploy-checkout-5.14/verdict?at=2024-07-19T04:00:30Z", method: .get, headers: ServerFixture.bearer(f.reader)
            ) { r in
                #expect(r.status == .ok)
                #expect(r.json["verdict"] as? String == "inconclusive")
                #expect(r.json["confidence"] is NSNull)
                #expect(r.json["evaluated_at"] as? String == "2024-07-19T04:00:30Z")
            }
            try await client.execute(uri: "/v1/changes/deploy-search-2.0/verdict", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.json["verdict"] as? String == "healthy", "\(r.text)")
            }
            try await client.execute(uri: "/v1/changes/deploy-checkout-5.41/verdict", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.status == .notFound)
                #expect((r.json["error"] as? String)?.hasSuffix("did you mean 'deploy-checkout-5.14'?") == true)
            }
            try await client.execute(uri: "/v1/changes/bad-1/verdict", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/v1/changes/deploy-checkout-5.14/verdict?at=yesterday", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "at")
            }
            try await client.execute(uri: "/v1/changes/deploy-checkout-5.14/verdict", method: .get) { r in #expect(r.status == .unauthorized) }
        }
    }

    @Test(arguments: TestBackend.available) func flaggerGoesOnHaltsAndHonoursStrict(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, store: try Self.store(backend))
        @Sendable func body(_ metadata: String, name: String = "checkout") -> ByteBuffer {
            ByteBuffer(string: #"{"name":"\#(name)","namespace":"shop","phase":"Progressing","checksum":"85d557f47b","metadata":{\#(metadata)}}"#)
        }
        try await f.test { client in
            let auth = ServerFixture.bearer(f.reader)
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: ByteBuffer(string: Self.flagger)) { r in
                #expect(r.status == .forbidden)
                #expect(r.json["gate"] as? String == "halt")
                #expect(r.json["verdict"] as? String == "failing")
                #expect(r.json["canary"] as? String == "shop/checkout")
            }
            // The change in progress on the service named like the canary.
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: body("", name: "search")) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["change"] as? String == "deploy-search-2.0")
                #expect(r.json["gate"] as? String == "go")
            }
            // Nothing rolling out there: inconclusive, which goes on unless strict.
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: body(#""service":"payments""#)) { r in
                #expect(r.status == .ok)
                #expect(r.json["verdict"] as? String == "inconclusive")
                #expect((r.json["missing"] as? [String])?.first?.hasPrefix("no change is rolling out on 'payments'") == true)
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: body(#""service":"payments","strict":"true""#)) { r in
                #expect(r.status == .conflict)
                #expect(r.json["gate"] as? String == "halt")
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: body(#""change":"deploy-not-yet","strict":"true""#)) { r in
                #expect(r.status == .conflict)
                #expect((r.json["missing"] as? [String])?.first?.hasPrefix("Hindsight has no change 'deploy-not-yet' yet") == true)
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: ByteBuffer(string: #"{"namespace":"shop"}"#)) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "name")
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, headers: auth, body: body(#""strict":["yes"]"#)) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "metadata.strict")
            }
        }
    }

    @Test(arguments: TestBackend.available) func flaggerMayCarryItsTokenInMetadata(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, store: try Self.store(backend))
        @Sendable func body(token: String) -> ByteBuffer {
            ByteBuffer(
                string: #"{"name":"checkout","namespace":"shop","phase":"Progressing","metadata":{"change":"deploy-checkout-5.14","token":"\#(token)"}}"#)
        }
        try await f.test { client in
            try await client.execute(uri: "/v1/gates/flagger", method: .post, body: body(token: f.reader.token)) { r in
                #expect(r.status == .forbidden)
                #expect(r.json["verdict"] as? String == "failing")
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, body: body(token: f.revoked.token)) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["field"] as? String == "metadata.token")
            }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, body: body(token: f.github.token)) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/v1/gates/flagger", method: .post, body: ByteBuffer(string: Self.flagger)) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["field"] as? String == "Authorization")
            }
            // Unauthenticated callers cost a few kilobytes at most.
            let large = ByteBuffer(string: #"{"name":"x","metadata":{"pad":""# + String(repeating: "a", count: 9000) + #""}}"#)
            try await client.execute(uri: "/v1/gates/flagger", method: .post, body: large) { r in #expect(r.status == .contentTooLarge) }
        }
    }
}

extension GuardRoutesTests {
    /// The guard's incident page offers the dismissal to a writer; the form stores what `hindsight guard dismiss`
    /// stores, the page then says who dismissed it and why, and a change the guard never flagged is refused.
    @Test(arguments: TestBackend.available) func aFalseAlarmIsDismissedFromItsPage(_ backend: TestBackend) async throws {
        let store = try Self.store(backend)
        let verdict = try store.guardVerdict(change: "deploy-checkout-5.14", at: ServerFixture.now)
        #expect(verdict.outcome == .failing)
        #expect(try store.raiseSuspicion(verdict, notifications: []))
        let f = try ServerFixture(backend, store: store)
        try await f.test { client in
            let cookie = try await CSRFMiddlewareTests.login(client, f.writer)
            let csrf = try await CSRFMiddlewareTests.csrf(client, cookie: cookie)
            try await client.execute(uri: "/incidents/guard-deploy-checkout-5.14", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("action=\"/incidents/guard-deploy-checkout-5.14/dismissal\""))
                #expect(r.text.contains("Dismiss as a false alarm</button>"))
            }
            try await client.execute(uri: "/incidents/guard-deploy-checkout-5.14", method: .get, headers: ServerFixture.bearer(f.reader)) { r in
                #expect(r.text.contains("The guard flagged"))
                #expect(!r.text.contains("/dismissal\""), "a reader is offered no form")
            }
            let headers = CSRFMiddlewareTests.form.merging([.cookie: cookie])
            let empty = "csrf=\(csrf)&change=deploy-checkout-5.14&form=dismiss&why=+"
            try await client.execute(
                uri: "/incidents/guard-deploy-checkout-5.14/dismissal", method: .post, headers: headers, body: ByteBuffer(string: empty)
            ) { r in
                #expect(r.status == .badRequest)
                #expect(r.text.contains("why is missing"))
            }
            let body = "csrf=\(csrf)&change=deploy-checkout-5.14&form=dismiss&why=%3Cb%3Eload+test%3C%2Fb%3E"
            try await client.execute(uri: "/incidents/guard-deploy-checkout-5.14/dismissal", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                r in
                #expect(r.status == .seeOther, "\(r.text)")
                #expect(r.headers[.location] == "/incidents/guard-deploy-checkout-5.14?saved=dismiss#guard")
            }
            try await client.execute(uri: "/incidents/guard-deploy-checkout-5.14?saved=dismiss", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("Dismissed as a false alarm"))
                #expect(r.text.contains("<span class=\"badge ok\">false alarm</span> dismissed by ci"))
                #expect(r.text.contains("&lt;b&gt;load test&lt;/b&gt;"))
                #expect(!r.text.contains("<b>load test</b>"))
            }
            let analysis = try await client.execute(uri: "/v1/incidents/guard-deploy-checkout-5.14", method: .get, headers: ServerFixture.bearer(f.reader)) {
                $0.json
            }
            #expect((analysis["false_alarm"] as? [String: Any])?["why"] as? String == "<b>load test</b>")
            // The API: a change the guard never flagged is a conflict naming the field, as is another change than the
            // incident's own; a reader may not dismiss.
            let (status, json) = try await TeamActionsTests.post(
                client, "/v1/incidents/guard-deploy-search-2.0/dismissal", f.writer, json: #"{"why":"noise"}"#)
            #expect(status == 409)
            #expect(json["field"] as? String == "change")
            #expect(json["error"] as? String == "the guard raised no suspected incident for change 'deploy-search-2.0'", "no store path in an answer")
            let (mismatch, other) = try await TeamActionsTests.post(
                client, "/v1/incidents/guard-deploy-checkout-5.14/dismissal", f.writer, json: #"{"change":"deploy-search-2.0","why":"noise"}"#)
            #expect(mismatch == 409)
            #expect(other["field"] as? String == "change")
            #expect(
                other["error"] as? String == "'guard-deploy-checkout-5.14' is the guard's incident of change 'deploy-checkout-5.14', not of 'deploy-search-2.0'"
            )
            let (refused, _) = try await TeamActionsTests.post(
                client, "/v1/incidents/guard-deploy-checkout-5.14/dismissal", f.reader, json: #"{"change":"deploy-checkout-5.14","why":"noise"}"#)
            #expect(refused == 403)
        }
    }
}
