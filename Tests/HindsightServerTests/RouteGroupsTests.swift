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

/// Every route group, and every route, against every kind of caller, with the exact status each gets.
@Suite struct RouteGroupsTests {
    /// The callers of the table.
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case anonymous, read, write, admin, format, expired, rotatedOld, rotatedOldAfterGrace
        var description: String { rawValue }
    }

    static let incident = Array(
        """
        {"id":"inc-1-declared","time":"2024-07-19T04:00:00Z","kind":"incident","service":"api","status":"declared","incident":"INC-1","title":"API down"}
        {"id":"d-0","time":"2024-07-19T03:50:00Z","kind":"deploy","service":"api","version":"1.2.2"}

        """.utf8)

    /// A fixture with an incident, a write token `rot` rotated with an hour's grace (its old secret
    /// returned), and the routes of each group a test can reach: a gate in `read`, an action in
    /// `write`, token management in `admin`.
    static func fixture(_ backend: TestBackend, clockOffset: TimeSpan = .seconds(0)) throws -> (ServerFixture, old: String, Router<ServerContext>) {
        let f = try ServerFixture(backend) { $0.now = { ServerFixture.now + clockOffset } }
        #expect(try f.store.ingest(try ByteInput(bytes: incident, name: "incident")).committed)
        let old = try f.vault.create(name: "rot", scope: .write, format: nil, now: ServerFixture.now)
        _ = try f.vault.rotate(name: "rot", grace: .hours(1), now: ServerFixture.now)
        return (f, old.token, probeRouter(f.server))
    }

    /// The server's router plus a probe route in each group, answering who called.
    static func probeRouter(_ server: HindsightServer) -> Router<ServerContext> {
        let router = server.buildRouter()
        let groups = RouteGroups(router: router, server: server)
        @Sendable func who(_ request: Request, _ context: ServerContext) async throws -> String {
            let p = context.principal
            return "\(p?.name ?? "-") \(p?.scope.rawValue ?? "-") \(p.map { "\($0.credential)" } ?? "-")"
        }
        groups.read.post("/probe/gate", use: who)
        groups.write.post("/probe/action", use: who)
        groups.admin.get("/probe/admin", use: who)
        groups.admin.post("/probe/admin", use: who)
        groups.public.post("/probe/public", use: who)
        return router
    }

    static func headers(_ caller: Caller, _ f: ServerFixture, old: String) -> HTTPFields {
        switch caller {
        case .anonymous: [:]
        case .read: ServerFixture.bearer(f.reader)
        case .write: ServerFixture.bearer(f.writer)
        case .admin: ServerFixture.bearer(f.admin)
        case .format: ServerFixture.bearer(f.github)
        case .expired: ServerFixture.bearer(f.expired)
        case .rotatedOld, .rotatedOldAfterGrace: [.authorization: "Bearer \(old)"]
        }
    }

    /// Route, method, body, and the status of each caller in `Caller` order.
    static func table() throws -> [(String, HTTPRequest.Method, [UInt8], [Int])] {
        let github = try IntakeTests.deploymentPayload()
        let read = [401, 200, 200, 200, 403, 401, 200, 401]
        let page = [303, 200, 200, 200, 403, 303, 200, 303]
        let write = [401, 403, 200, 200, 403, 401, 200, 401]
        let admin = [401, 403, 403, 200, 403, 401, 403, 401]
        let created = [401, 403, 201, 201, 403, 401, 201, 401]
        let form = [401, 403, 303, 303, 403, 401, 303, 401]
        // Past the group's checks, the handler refuses an unknown note: the caller was let in.
        let refusedByTheStore = [401, 403, 400, 400, 403, 401, 400, 401]
        // A page of the site: without valid credentials, the login form.
        let adminPage = [303, 403, 403, 200, 403, 303, 403, 303]
        return [
            ("/healthz", .get, [], Array(repeating: 200, count: 8)),
            ("/metrics", .get, [], Array(repeating: 200, count: 8)),
            ("/static/hindsight.css", .get, [], Array(repeating: 200, count: 8)),
            ("/login", .get, [], Array(repeating: 200, count: 8)),
            ("/v1/incidents", .get, [], read),
            ("/v1/incidents/INC-1", .get, [], read),
            ("/v1/changes?before=INC-1", .get, [], read),
            ("/v1/events", .get, [], read),
            ("/", .get, [], page),
            ("/incidents/INC-1", .get, [], page),
            ("/changes", .get, [], page),
            ("/review", .get, [], page),
            ("/actions", .get, [], page),
            ("/v1/actions", .get, [], read),
            ("/probe/gate", .post, Array("{}".utf8), read),
            ("/v1/events", .post, IntakeTests.native, write),
            ("/probe/action", .post, Array("{}".utf8), write),
            // The team's actions, in the API and from the site's forms (a bearer needs no CSRF token).
            ("/v1/incidents/INC-1/notes", .post, Array(#"{"text":"paged"}"#.utf8), created),
            ("/v1/incidents/INC-1/verdicts", .post, Array(#"{"change":"d-0","verdict":"rejected","why":"old"}"#.utf8), created),
            ("/v1/incidents/INC-1/actions", .post, Array(#"{"text":"canary","owner":"bob"}"#.utf8), created),
            ("/v1/actions/INC-1-A1/done", .post, Array("{}".utf8), write),
            ("/v1/incidents/INC-1/retractions", .post, Array(#"{"event":"no-such-note"}"#.utf8), refusedByTheStore),
            ("/incidents/INC-1/notes", .post, Array("text=paged+again".utf8), form),
            ("/incidents/INC-1/verdicts", .post, Array("change=d-0&verdict=confirmed".utf8), form),
            ("/incidents/INC-1/actions", .post, Array("text=alert&owner=kim".utf8), form),
            ("/actions/INC-1-A2/done", .post, [], form),
            ("/incidents/INC-1/retractions", .post, Array("event=no-such-note".utf8), refusedByTheStore),
            ("/v1/incidents/INC-1/dismissal", .post, Array(#"{"change":"d-0","why":"noise"}"#.utf8), [401, 403, 409, 409, 403, 401, 409, 401]),
            ("/incidents/INC-1/dismissal", .post, Array("change=d-0&why=noise".utf8), [401, 403, 409, 409, 403, 401, 409, 401]),
            ("/v1/hooks/github", .post, github, [401, 403, 200, 200, 200, 401, 200, 401]),
            ("/v1/hooks/alertmanager", .post, [], [401, 403, 400, 400, 403, 401, 400, 401]),
            ("/v1/hooks/nagios", .post, github, Array(repeating: 404, count: 8)),
            ("/probe/admin", .get, [], adminPage),
            ("/probe/admin", .post, Array("{}".utf8), admin),
        ]
    }

    @Test(arguments: TestBackend.available) func everyCallerOnEveryRouteGetsItsExactStatus(_ backend: TestBackend) async throws {
        let table = try Self.table()
        for (offset, callers) in [(TimeSpan.seconds(0), Caller.allCases.filter { $0 != .rotatedOldAfterGrace }), (.hours(2), [.rotatedOldAfterGrace])] {
            let (f, old, router) = try Self.fixture(backend, clockOffset: offset)
            try await Application(router: router).test(.router) { client in
                for (uri, method, body, statuses) in table {
                    for caller in callers {
                        let expected = statuses[Caller.allCases.firstIndex(of: caller)!]
                        try await client.execute(uri: uri, method: method, headers: Self.headers(caller, f, old: old), body: ByteBuffer(bytes: body)) { r in
                            #expect(Int(r.status.code) == expected, "\(caller) \(method) \(uri): \(r.text)")
                            if r.status == .forbidden || r.status == .unauthorized {
                                #expect(r.json["field"] as? String == "Authorization", "\(caller) \(method) \(uri)")
                                #expect((r.json["hint"] as? String)?.isEmpty == false)
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func aReadTokensRefusalNamesTheScopeItNeeds() async throws {
        let (f, _, router) = try Self.fixture(.sqlite)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.reader), body: ByteBuffer(bytes: IntakeTests.native)) {
                r in
                #expect(r.status == .forbidden)
                #expect(r.json["error"] as? String == "token 'reader' has scope read; this request needs scope write")
                #expect((r.json["hint"] as? String)?.contains("--scope write") == true)
            }
            try await client.execute(uri: "/probe/admin", method: .get, headers: ServerFixture.bearer(f.writer)) { r in
                #expect(r.json["error"] as? String == "token 'ci' has scope write; this request needs scope admin")
            }
            try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.bearer(f.expired)) { r in
                #expect(r.json["error"] as? String == "token 'past' expired at 2024-07-19T04:06:39Z")
            }
        }
        #expect(try f.store.totalEvents() == 2, "nothing of the refused post was stored")
    }

    @Test(arguments: TestBackend.available) func aSignatureIsAsGoodAsItsTokensScope(_ backend: TestBackend) async throws {
        let (f, old, router) = try Self.fixture(backend)
        let body = try IntakeTests.deploymentPayload()
        let signed: @Sendable (String) -> HTTPFields = { key in [HTTPField.Name("X-Hub-Signature-256")!: "sha256=" + ServerFixture.hexHMAC(body, key: key)] }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/hooks/github", method: .post, headers: signed(f.reader.token), body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .forbidden)
                #expect(r.json["error"] as? String == "token 'reader' has scope read; this request needs scope write")
            }
            try await client.execute(uri: "/v1/hooks/github", method: .post, headers: signed(f.expired.token), body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .unauthorized, "an expired token signs nothing")
            }
            try await client.execute(uri: "/v1/hooks/github", method: .post, headers: signed(old), body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .ok, "the rotated-away secret signs during its grace: \(r.text)")
                #expect(r.json["token"] as? String == "rot")
            }
        }
        let (_, laterOld, laterRouter) = try Self.fixture(backend, clockOffset: .hours(2))
        try await Application(router: laterRouter).test(.router) { client in
            try await client.execute(uri: "/v1/hooks/github", method: .post, headers: signed(laterOld), body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .unauthorized, "and not after it")
            }
        }
        #expect(try f.store.totalEvents() == 3, "the incident, its deploy, and the one accepted delivery")
    }

    @Test func theProbeSeesWhoCalledAndHow() async throws {
        let (f, old, router) = try Self.fixture(.sqlite)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/probe/gate", method: .post, headers: ServerFixture.bearer(f.reader)) { r in #expect(r.text == "reader read bearer")
            }
            try await client.execute(uri: "/probe/action", method: .post, headers: [.authorization: "Bearer \(old)"]) { r in
                #expect(r.text == "rot write bearer")
            }
            try await client.execute(uri: "/probe/public", method: .post, headers: [.origin: "http://localhost"]) { r in #expect(r.text == "- - -") }
        }
    }

    @Test func openReadLetsAnyoneReadButNotWrite() async throws {
        let f = try ServerFixture(openRead: true)
        try await Application(router: Self.probeRouter(f.server)).test(.router) { client in
            try await client.execute(uri: "/probe/gate", method: .post) { r in #expect(r.text == "- read openRead") }
            try await client.execute(uri: "/v1/incidents", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/probe/action", method: .post) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/v1/events", method: .post, body: ByteBuffer(bytes: IntakeTests.native)) { r in #expect(r.status == .unauthorized) }
            // A wrong bearer is still an error, not a silent anonymous read.
            try await client.execute(uri: "/v1/incidents", method: .get, headers: [.authorization: "Bearer hs_nope"]) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }

    @Test func groupsLimitBodiesBeforeHandlersRun() async throws {
        let f = try ServerFixture(bodyLimit: 100) { $0.formLimit = 50 }
        try await Application(router: Self.probeRouter(f.server)).test(.router) { client in
            let big = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 51))
            try await client.execute(uri: "/probe/gate", method: .post, headers: ServerFixture.bearer(f.reader), body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect((r.json["error"] as? String)?.contains("larger than 50 bytes") == true)
            }
            try await client.execute(uri: "/probe/gate", method: .post, headers: ServerFixture.bearer(f.reader), body: ByteBuffer(string: "{}")) { r in
                #expect(r.status == .ok)
            }
            let hundredOne = ByteBuffer(bytes: Array(repeating: UInt8(ascii: " "), count: 101))
            try await client.execute(uri: "/v1/hooks/github", method: .post, headers: ServerFixture.bearer(f.writer), body: hundredOne) { r in
                #expect(r.status == .contentTooLarge)
                #expect((r.json["hint"] as? String)?.contains("--max-body") == true)
            }
        }
    }

    @Test func aFormatTokensPagesAndFormsAreRefusedAsHTMLForABrowser() async throws {
        let (f, _, router) = try Self.fixture(.sqlite)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: ServerFixture.bearer(f.github).merging([.accept: "text/html"])) { r in
                #expect(r.status == .forbidden)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(r.text.contains("may only post to /v1/hooks/github"))
            }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var all = self
        for field in other { all.append(field) }
        return all
    }
}
