import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Login sessions, their CSRF tokens and the origin check of browser forms.
@Suite struct CSRFMiddlewareTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]

    /// Logs `token` in; returns the `Cookie` header value of its session.
    static func login(_ client: any TestClientProtocol, _ token: CreatedToken) async throws -> String {
        try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=\(token.token)&next=%2F")) { r in
            #expect(r.status == .seeOther, "\(r.text)")
            return String((r.headers[.setCookie] ?? "").split(separator: ";")[0])
        }
    }

    /// The CSRF token a page of this session carries in its forms.
    static func csrf(_ client: any TestClientProtocol, cookie: String) async throws -> String {
        try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in
            let marker = #"name="csrf" value=""#
            guard let start = r.text.range(of: marker) else {
                Issue.record("no CSRF field on the page: \(r.text)")
                return ""
            }
            return String(r.text[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test func loginChecksTheFormsOriginAndSetsALaxHttpOnlyCookie() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let body = ByteBuffer(string: "token=\(f.reader.token)&next=%2Fchanges")
            let refused: [(HTTPFields, String)] = [
                ([:], "Origin"),
                ([.origin: "https://evil.example"], "Origin"),
                ([.origin: "null"], "Origin"),
                ([.origin: "http://localhost.evil.example"], "Origin"),
                ([.origin: "https://localhost"], "Origin"),
                ([.referer: "https://evil.example/login"], "Referer"),
                ([.referer: "http://localhost@evil.example/"], "Referer"),
            ]
            for (extra, field) in refused {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                for h in extra { headers.append(h) }
                try await client.execute(uri: "/login", method: .post, headers: headers, body: body) { r in
                    #expect(r.status == .forbidden, "\(extra)")
                    #expect(r.headers[.setCookie] == nil, "\(extra)")
                    #expect(r.json["field"] as? String == field, "\(extra)")
                }
            }
            for extra: HTTPFields in [[.origin: "http://localhost"], [.origin: "http://LOCALHOST:80"], [.referer: "http://localhost/login?next=%2F"]] {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                for h in extra { headers.append(h) }
                try await client.execute(uri: "/login", method: .post, headers: headers, body: body) { r in
                    #expect(r.status == .seeOther, "\(extra): \(r.text)")
                    #expect(r.headers[.location] == "/changes")
                    let cookie = r.headers[.setCookie] ?? ""
                    #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && cookie.contains("; Path=/"))
                    #expect(!cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back")
                    #expect(!cookie.contains(f.reader.token))
                }
            }
        }
    }

    @Test func overTLSOrBehindAProxySayingHTTPSTheCookieIsSecureAndTheOriginHTTPS() async throws {
        for configure in [{ (s: inout ServerSettings) in s.tls = true }, { (s: inout ServerSettings) in s.behindProxy = true }] {
            let f = try ServerFixture(configure: configure)
            let proxy: HTTPFields = f.server.settings.behindProxy ? [HTTPField.Name("X-Forwarded-Proto")!: "https"] : [:]
            try await f.test { client in
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "https://localhost"]
                for h in proxy { headers.append(h) }
                try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: "token=\(f.reader.token)")) { r in
                    #expect(r.status == .seeOther, "\(r.text)")
                    #expect(r.headers[.setCookie]?.hasSuffix("; Secure") == true)
                }
                var plain: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]
                for h in proxy { plain.append(h) }
                try await client.execute(uri: "/login", method: .post, headers: plain, body: ByteBuffer(string: "token=\(f.reader.token)")) { r in
                    #expect(r.status == .forbidden, "an http:// origin is another origin than https://")
                }
            }
        }
        // Behind a proxy that says nothing, or without --behind-proxy, X-Forwarded-Proto is not trusted.
        let f = try ServerFixture()
        try await f.test { client in
            try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost", HTTPField.Name("X-Forwarded-Proto")!: "https"],
                body: ByteBuffer(string: "token=\(f.reader.token)")
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.setCookie]?.contains("Secure") == false)
            }
        }
    }

    @Test(arguments: TestBackend.available) func aSessionsFormsMustCarryItsOwnCSRFToken(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        try await Application(router: RouteGroupsTests.probeRouter(f.server)).test(.router) { client in
            let cookie = try await Self.login(client, f.writer)
            let csrf = try await Self.csrf(client, cookie: cookie)
            let other = try await Self.csrf(client, cookie: try await Self.login(client, f.writer))
            #expect(csrf.count == 64 && other.count == 64 && csrf != other, "each session has its own token")
            var session = Self.form
            session[.cookie] = cookie
            let cases: [(String, HTTPFields, HTTPResponse.Status)] = [
                ("note=hi", session, .forbidden),
                ("note=hi&csrf=\(String(repeating: "0", count: 64))", session, .forbidden),
                ("note=hi&csrf=\(other)", session, .forbidden),
                ("note=hi&csrf=\(csrf)", session, .ok),
                ("csrf=\(csrf)", session.merging([.origin: "https://evil.example"]).dropping(.origin, keepingLast: true), .forbidden),
            ]
            for (body, headers, status) in cases {
                try await client.execute(uri: "/probe/action", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == status, "\(body) \(headers): \(r.text)")
                    if status == .ok { #expect(r.text == "ci write session") }
                }
            }
            try await client.execute(uri: "/probe/action", method: .post, headers: session, body: ByteBuffer(string: "note=hi")) { r in
                #expect(r.json["field"] as? String == "csrf")
                #expect(r.json["error"] as? String == "the form's CSRF token is missing or not this session's")
            }
            // The header works for a script of the page; JSON bodies need it.
            try await client.execute(
                uri: "/probe/action", method: .post,
                headers: [.cookie: cookie, .origin: "http://localhost", .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: csrf],
                body: ByteBuffer(string: "{}")
            ) { r in #expect(r.status == .ok) }
            // A bearer token needs neither: a browser cannot send one across sites.
            try await client.execute(uri: "/probe/action", method: .post, headers: ServerFixture.bearer(f.writer).merging([.cookie: cookie])) { r in
                #expect(r.text == "ci write bearer")
            }
        }
    }

    @Test func aReadSessionCannotActAndLogoutNeedsTheToken() async throws {
        let f = try ServerFixture()
        try await Application(router: RouteGroupsTests.probeRouter(f.server)).test(.router) { client in
            let cookie = try await Self.login(client, f.reader)
            let csrf = try await Self.csrf(client, cookie: cookie)
            var session = Self.form
            session[.cookie] = cookie
            try await client.execute(uri: "/probe/action", method: .post, headers: session, body: ByteBuffer(string: "csrf=\(csrf)")) { r in
                #expect(r.status == .forbidden)
                #expect(r.json["error"] as? String == "token 'reader' has scope read; this request needs scope write")
            }
            try await client.execute(uri: "/probe/gate", method: .post, headers: session, body: ByteBuffer(string: "csrf=\(csrf)")) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/logout", method: .post, headers: session) { r in #expect(r.status == .forbidden) }
            try await client.execute(
                uri: "/logout", method: .post, headers: session.dropping(.origin, keepingLast: false), body: ByteBuffer(string: "csrf=\(csrf)")
            ) { r in
                #expect(r.status == .forbidden, "logout checks the origin too")
            }
            try await client.execute(uri: "/login", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains(#"name="csrf" value="\#(csrf)""#), "a signed-in login form carries the token as well")
            }
            try await client.execute(uri: "/logout", method: .post, headers: session, body: ByteBuffer(string: "csrf=\(csrf)")) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
        }
    }

    @Test func aTamperedOrExpiredSessionIsNoSession() async throws {
        let clock = TestClock(ServerFixture.now)
        let f = try ServerFixture { $0.now = { clock.now } }
        try await f.test { client in
            let cookie = try await Self.login(client, f.reader)
            let parts = cookie.split(separator: ":", maxSplits: 3).map(String.init)
            let renamed = parts[0...2].joined(separator: ":") + ":boss"
            let later = String(Int64(parts[0].dropFirst("hindsight_session=".count))! + 1) + ":" + parts[1...3].joined(separator: ":")
            for bad in [renamed, "hindsight_session=" + later, cookie + "0"] {
                try await client.execute(uri: "/", method: .get, headers: [.cookie: bad]) { r in #expect(r.status == .seeOther, "\(bad)") }
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("signed in as reader"))
            }
            clock.now = ServerFixture.now + f.server.settings.sessionLength
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .seeOther, "the session ended") }
        }
    }
}

/// A clock a test moves.
final class TestClock: Sendable {
    let time: Mutex<Timestamp>
    init(_ start: Timestamp) { time = Mutex(start) }
    var now: Timestamp {
        get { time.withLock { $0 } }
        set { time.withLock { $0 = newValue } }
    }
}

extension HTTPFields {
    /// Without `name`, or with only its last value.
    func dropping(_ name: HTTPField.Name, keepingLast: Bool) -> HTTPFields {
        let last = self[values: name].last
        var out = self
        out[name] = nil
        if keepingLast, let last { out[name] = last }
        return out
    }
}
