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

@Suite struct ReadRoutesTests {
    static let hostile = "<script>alert('pwned')</script>"

    /// The CrowdStrike sample incident plus a change and a note carrying markup.
    static func storeWithIncident(_ backend: TestBackend = .sqlite) throws -> EventStore {
        let store = try backend.makeStore()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-incidents/crowdstrike-2024-07-19/events.jsonl")
        let report = try store.ingest(try ByteInput(path: sample.path))
        #expect(report.committed)
        try store.insert([
            Event(
                id: "evil-1", time: try Timestamp.parse("2024-07-19T04:30:00Z").get(), kind: .config, service: "falcon-sensor",
                summary: hostile + " & \"quoted\"")
        ])
        return store
    }

    @Test(arguments: TestBackend.available) func readsNeedATokenUnlessOpen(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, store: try Self.storeWithIncident(backend))
        try await f.test { client in
            for uri in ["/v1/incidents", "/v1/incidents/crowdstrike-2024-07-19", "/v1/changes?before=crowdstrike-2024-07-19", "/v1/events"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .unauthorized, "\(uri)")
                    #expect(r.json["field"] as? String == "Authorization")
                }
                try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.revoked)) { r in #expect(r.status == .unauthorized, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.github)) { r in #expect(r.status == .forbidden, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.writer)) { r in #expect(r.status == .ok, "\(uri): \(r.text)") }
            }
            // Pages send the browser to the login form instead.
            try await client.execute(uri: "/incidents/crowdstrike-2024-07-19", method: .get) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/login?next=%2Fincidents%2Fcrowdstrike-2024-07-19")
            }
        }
    }

    @Test(arguments: TestBackend.available) func incidentJSONIsTheAnalyzeContract(_ backend: TestBackend) async throws {
        let store = try Self.storeWithIncident(backend)
        let f = try ServerFixture(backend, openRead: true, store: store)
        let expected = try store.analysis(incident: "crowdstrike-2024-07-19", options: f.server.settings.analysis).json
        try await f.test { client in
            try await client.execute(uri: "/v1/incidents/crowdstrike-2024-07-19", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text == expected + "\n")
                #expect((r.json["trigger"] as? [String: Any])?["id"] as? String == "cs-channel-file-291")
            }
            try await client.execute(uri: "/v1/incidents", method: .get) { r in
                let list = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [[String: Any]]
                #expect(list?.compactMap { $0["incident"] as? String }.contains("crowdstrike-2024-07-19") == true)
            }
            try await client.execute(uri: "/v1/incidents/nope", method: .get) { r in
                #expect(r.status == .notFound)
                #expect((r.json["error"] as? String)?.contains("nope") == true)
            }
        }
    }

    @Test(arguments: TestBackend.available) func changesAndEventsQueries(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try Self.storeWithIncident(backend))
        try await f.test { client in
            try await client.execute(uri: "/v1/changes?before=2024-07-19T04:10:00Z&window=2h&service=falcon-sensor", method: .get) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["window_seconds"] as? Int == 7200)
                let ids = (r.json["changes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids.first == "cs-channel-file-291")
            }
            try await client.execute(uri: "/v1/changes?before=2024-07-19T04:10:00Z&window=soon", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "window")
            }
            try await client.execute(uri: "/v1/changes", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "before")
            }
            try await client.execute(
                uri: "/v1/events?kind=config&service=falcon-sensor&since=2024-07-19T00:00:00Z&until=2024-07-20T00:00:00Z&limit=5", method: .get
            ) { r in
                #expect(r.status == .ok)
                let events = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [[String: Any]] ?? []
                #expect(!events.isEmpty && events.count <= 5)
                #expect(events.allSatisfy { $0["kind"] as? String == "config" })
            }
            try await client.execute(uri: "/v1/events?kind=outage", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "kind")
            }
            try await client.execute(uri: "/v1/events?since=yesterday", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "since")
            }
        }
    }

    @Test(arguments: TestBackend.available) func healthAndMetrics(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let migrations = try f.store.schemaStatus().applied.count
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: IntakeTests.native))
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["status"] as? String == "ok")
                #expect(r.json["schema"] as? Int == migrations, "the migrations applied, no row counted")
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains(#"hindsight_events_stored_total{format="native"} 2"#))
                #expect(r.text.contains(#"hindsight_http_requests_total{method="POST",route="/v1/events",status="200"} 1"#))
                #expect(r.text.contains("hindsight_ingest_duration_seconds_count{format=\"native\"} 1"))
            }
        }
    }

    @Test(arguments: TestBackend.available) func pagesEscapeEventTextCarryTheChartAndAStrictPolicy(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try Self.storeWithIncident(backend))
        try await f.test { client in
            try await client.execute(uri: "/incidents/crowdstrike-2024-07-19", method: .get) { r in
                #expect(r.status == .ok)
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(!r.text.contains("<script"))
                #expect(r.text.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"))
                #expect(r.text.contains("<svg"))
                #expect(r.text.contains(#"class="change trigger" data-id="cs-channel-file-291""#))
                #expect(r.text.contains(#"class="change latent" data-id="cs-sensor-7.11""#))
                #expect(
                    r.text.contains("<p>Trigger: <a href=\"/changes?before=cs-channel-file-291\"><code>cs-channel-file-291</code></a>"),
                    "the post-mortem is rendered from the template, its change ids links")
            }
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains(#"<a href="/incidents/crowdstrike-2024-07-19">"#))
                #expect(r.text.contains("customers"))
            }
            try await client.execute(uri: "/changes?before=2024-07-19T05:00:00Z&window=2h&service=falcon-sensor", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<form class=\"search\" method=\"get\""))
                #expect(r.text.contains("cs-channel-file-291"))
                #expect(r.text.contains("&lt;script&gt;"))
                #expect(!r.text.contains("<script"))
            }
            try await client.execute(uri: "/static/hindsight.css", method: .get) { r in
                #expect(r.headers[.contentType] == "text/css; charset=utf-8")
                #expect(r.text.contains("figure.chart"))
            }
        }
    }

    @Test(arguments: TestBackend.available) func loginSetsALaxHttpOnlySessionThatRevocationEnds(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, store: try Self.storeWithIncident(backend))
        try await f.test { client in
            try await client.execute(
                uri: "/login", method: .post, headers: CSRFMiddlewareTests.form,
                body: ByteBuffer(string: "token=wrong&next=%2F")
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.setCookie] == nil)
            }
            let cookie = try await client.execute(
                uri: "/login", method: .post, headers: CSRFMiddlewareTests.form,
                body: ByteBuffer(string: "token=\(f.writer.token)&next=%2Fincidents%2Fcrowdstrike-2024-07-19")
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/incidents/crowdstrike-2024-07-19")
                let set = r.headers[.setCookie] ?? ""
                #expect(set.contains("HttpOnly"))
                #expect(set.contains("SameSite=Lax"))
                #expect(!set.contains(f.writer.token), "the cookie is a session, not the token")
                return String(set.split(separator: ";")[0])
            }
            try await client.execute(uri: "/incidents/crowdstrike-2024-07-19", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("signed in as ci"))
            }
            try await client.execute(uri: "/v1/incidents", method: .get, headers: [.cookie: cookie + "0"]) { r in #expect(r.status == .unauthorized) }
            try f.store.revokeToken("ci", at: ServerFixture.now)
            try await client.execute(uri: "/v1/incidents", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .unauthorized) }
            // A login never redirects off the server.
            try await client.execute(uri: "/login?next=//evil.example", method: .get) { r in
                #expect(r.text.contains(#"name="next" value="/""#))
            }
        }
    }
}
