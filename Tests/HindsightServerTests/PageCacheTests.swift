import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/` and `/incidents/{id}` are served from the page cache while the summaries they show are unchanged,
/// and rendered again, with what changed, as soon as a write changes one.
@Suite struct PageCacheTests {
    static let incident = "crowdstrike-2024-07-19"

    static func post(_ client: some TestClientProtocol, _ f: ServerFixture, _ events: [String]) async throws {
        try await client.execute(
            uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(string: events.joined(separator: "\n"))
        ) { r in #expect(r.status == .ok, "\(r.text)") }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
        try await client.execute(uri: uri, method: .get) { r in
            #expect(r.status == .ok, "\(uri): \(r.text)")
            return r.text
        }
    }

    @Test(arguments: TestBackend.available) func incidentPageIsCachedUntilItsSummaryChanges(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try ReadRoutesTests.storeWithIncident(backend))
        let uri = "/incidents/\(Self.incident)"
        try await f.test { client in
            let first = try await Self.get(client, uri)
            #expect(f.server.pages.counts == (hits: 0, misses: 1))
            let second = try await Self.get(client, uri)
            #expect(second == first)
            #expect(f.server.pages.counts == (hits: 1, misses: 1))

            // An event of the incident (a new title) changes its page: rendered again, with the title.
            try await Self.post(
                client, f,
                [
                    #"{"time":"2024-08-30T00:00:00Z","kind":"incident","service":"falcon-sensor","status":"resolved","incident":"\#(Self.incident)","title":"Fleet boot loop"}"#
                ])
            let third = try await Self.get(client, uri)
            #expect(third.contains("Fleet boot loop"))
            #expect(!first.contains("Fleet boot loop"))
            #expect(f.server.pages.counts.misses == 2)

            // A change on its service before impact, not naming the incident, changes its timeline too.
            try await Self.post(
                client, f,
                [#"{"id":"late-config-7","time":"2024-07-19T04:01:00Z","kind":"config","service":"falcon-sensor","summary":"sensor tuning"}"#])
            let fourth = try await Self.get(client, uri)
            #expect(fourth.contains("late-config-7"))
            #expect(!third.contains("late-config-7"))
            #expect(f.server.pages.counts.misses == 3)

            // An event elsewhere leaves it cached.
            try await Self.post(client, f, [#"{"time":"2024-07-19T04:01:00Z","kind":"deploy","service":"unrelated-svc","version":"9"}"#])
            #expect(try await Self.get(client, uri) == fourth)
            #expect(f.server.pages.counts == (hits: 2, misses: 3))
        }
    }

    @Test func aKeptIncidentPageCarriesEachSessionsOwnCSRFTokenInEveryForm() async throws {
        let f = try ServerFixture(.sqlite, store: try ReadRoutesTests.storeWithIncident(.sqlite))
        let uri = "/incidents/\(Self.incident)"
        try await f.test { client in
            var pages: [(csrf: String, html: String)] = []
            for _ in 0..<2 {
                let cookie = try await CSRFMiddlewareTests.login(client, f.writer)
                let csrf = try await CSRFMiddlewareTests.csrf(client, cookie: cookie)
                let html = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { r in
                    #expect(r.status == .ok)
                    return r.text
                }
                pages.append((csrf, html))
            }
            #expect(f.server.pages.counts.hits >= 1, "the second session's view is served from the cache")
            #expect(pages[0].csrf != pages[1].csrf)
            for (csrf, html) in pages {
                let fields = html.components(separatedBy: #"name="csrf" value=""#).dropFirst().map { $0.prefix(64) }
                #expect(fields.count > 3, "the team's forms, each with its CSRF field")
                #expect(fields.allSatisfy { $0 == csrf })
                #expect(!html.contains("<hindsight-csrf>"))
            }
        }
    }

    @Test(arguments: TestBackend.available) func incidentListIsCachedPerQueryUntilARowChanges(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try IncidentListRoutesTests.store(backend))
        try await f.test { client in
            let all = try await Self.get(client, "/")
            let filtered = try await Self.get(client, "/?service=api")
            #expect(filtered != all)
            #expect(try await Self.get(client, "/") == all)
            #expect(try await Self.get(client, "/?service=api") == filtered)
            #expect(f.server.pages.counts == (hits: 2, misses: 2))

            // A new incident on web: the full list changes, the api-only one is served from the cache.
            try await Self.post(
                client, f,
                [
                    #"{"time":"2024-07-30T00:00:00Z","kind":"incident","service":"web","status":"declared","incident":"INC-NEW","title":"fresh outage"}"#
                ])
            let after = try await Self.get(client, "/")
            #expect(after.contains("fresh outage"))
            #expect(try await Self.get(client, "/?service=api") == filtered)
            #expect(f.server.pages.counts == (hits: 3, misses: 3))

            // A changed row (its title) renders the list again.
            try await Self.post(
                client, f,
                [
                    #"{"time":"2024-07-30T00:10:00Z","kind":"incident","service":"web","status":"mitigated","incident":"INC-NEW","title":"fresh outage, mitigated"}"#
                ])
            #expect(try await Self.get(client, "/").contains("fresh outage, mitigated"))
            #expect(f.server.pages.counts.misses == 4)
        }
    }

    @Test func evictsTheLeastRecentlyUsedBeyondItsCapacity() {
        let cache = PageCache(capacity: 4_000)
        let page = (title: "t", html: String(repeating: "x", count: 999))
        for key in ["a", "b", "c", "d"] { cache.keep(key, version: [1], page: page) }
        #expect(cache.page("a", version: [1])?.html == page.html)
        #expect(cache.page("a", version: [2]) == nil)
        cache.keep("e", version: [1], page: page)
        // "b" was used least recently ("a" was just read).
        #expect(cache.page("b", version: [1]) == nil)
        #expect(cache.page("a", version: [1]) != nil)
        #expect(cache.page("e", version: [1]) != nil)
        #expect(cache.bytes <= 4_000)
        // A page over a quarter of the capacity is not kept.
        cache.keep("huge", version: [1], page: (title: "t", html: String(repeating: "x", count: 1_001)))
        #expect(cache.page("huge", version: [1]) == nil)
    }
}
