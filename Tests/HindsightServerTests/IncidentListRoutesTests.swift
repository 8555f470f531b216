import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/incidents` and `/` read the stored summaries with the CLI's filters and keyset pages.
@Suite struct IncidentListRoutesTests {
    /// Five incidents a day apart on two services; titles carry markup.
    static func store(_ backend: TestBackend) throws -> EventStore {
        let store = try backend.makeStore()
        var events: [Event] = []
        for i in 0..<5 {
            let at = Timestamp(milliseconds: 1_721_361_600_000) + .days(Int64(i))
            let service = i % 2 == 0 ? "api" : "web"
            events.append(Event(id: "c\(i)", time: at, kind: .crash, service: service, host: "h\(i)"))
            events.append(
                Event(
                    id: "i\(i)", time: at + .minutes(5), kind: .incident, service: service, status: i == 0 ? "resolved" : "declared",
                    incident: "INC-\(i)", severity: i == 1 ? "P1" : "SEV2", title: "<b>down</b> \(i)"))
        }
        try store.insert(events)
        return store
    }

    static func ids(_ text: String) -> [String] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []).compactMap { $0["incident"] as? String }
    }

    @Test(arguments: TestBackend.available) func apiPagesWithLinkHeaders(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try Self.store(backend))
        try await f.test { client in
            var uri = "/v1/incidents?limit=2&service=api&service=web"
            var seen: [String] = []
            while true {
                let next = try await client.execute(uri: uri, method: .get) { r -> String? in
                    #expect(r.status == .ok)
                    seen += Self.ids(r.text)
                    guard let link = r.headers[HTTPField.Name("Link")!] else { return nil }
                    #expect(link.hasSuffix(">; rel=\"next\""))
                    #expect(r.headers[HTTPField.Name("X-Next-Cursor")!] != nil)
                    return String(link.dropFirst().prefix { $0 != ">" })
                }
                guard let next else { break }
                #expect(next.contains("service=api") && next.contains("limit=2"), "the next page keeps the filters: \(next)")
                uri = next
            }
            #expect(seen == ["INC-4", "INC-3", "INC-2", "INC-1", "INC-0"])
            try await client.execute(uri: "/v1/incidents?severity=critical&status=open", method: .get) { r in
                #expect(Self.ids(r.text) == ["INC-1"], "P1 ranks with critical")
            }
            try await client.execute(uri: "/v1/incidents?service=api&customers_first=false", method: .get) { r in
                #expect(Self.ids(r.text) == ["INC-4", "INC-2", "INC-0"])
            }
            for (uri, field) in [
                ("/v1/incidents?limit=0", "limit"), ("/v1/incidents?after=nope", "after"), ("/v1/incidents?status=closed", "status"),
                ("/v1/incidents?trigger-kind=crash", "trigger-kind"), ("/v1/incidents?has-trigger=maybe", "has-trigger"),
                ("/v1/incidents?since=yesterday", "since"),
            ] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    #expect(r.json["field"] as? String == field, "\(uri)")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available) func theListPageFiltersAndPages(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try Self.store(backend))
        try await f.test { client in
            let older = try await client.execute(uri: "/?limit=2&search=%3Cb%3E", method: .get) { r -> String in
                #expect(r.status == .ok)
                #expect(r.text.contains("&lt;b&gt;down&lt;/b&gt; 4") && !r.text.contains("<b>down"), "titles are escaped")
                #expect(r.text.contains(#"<input name="search" size="18" value="&lt;b&gt;""#), "the form shows the search in force")
                #expect(r.text.contains(">INC-4<") && r.text.contains(">INC-3<") && !r.text.contains(">INC-2<"))
                let link = try #require(r.text.range(of: #"<a rel="next" href=""#))
                return String(r.text[link.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            }
            try await client.execute(uri: older, method: .get) { r in
                #expect(r.text.contains(">INC-2<") && r.text.contains(">INC-1<") && !r.text.contains(">INC-4<"))
                #expect(r.text.contains(">Newest</a>"))
            }
            try await client.execute(uri: "/?service=nowhere", method: .get) { r in
                #expect(r.text.contains("No incidents match."))
            }
            try await client.execute(uri: "/?status=closed", method: .get) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func aDrainingServerAnswers503() async throws {
        let f = try ServerFixture(.sqlite, openRead: true)
        try await f.test { client in
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
            #expect(await f.server.gate.drain(deadline: .zero) == 0)
            for uri in ["/healthz", "/v1/incidents", "/"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .serviceUnavailable, "\(uri)")
                    #expect(r.headers[.retryAfter] == "5")
                    #expect(r.json["error"] as? String == "the server is shutting down")
                }
            }
        }
    }

    @Test func aStoreCallPastTheTimeLimitIsAnswered503() async throws {
        let executor = StoreExecutor(store: try EventStore.inMemory(), timeLimit: .milliseconds(50))
        let error = await #expect(throws: APIError.self) {
            try await executor.read { _ in
                Thread.sleep(forTimeInterval: 3)
                return 1
            }
        }
        #expect(error?.status == .serviceUnavailable)
        #expect(try await executor.read { _ in 2 } == 2, "a quick call still answers")
    }
}
