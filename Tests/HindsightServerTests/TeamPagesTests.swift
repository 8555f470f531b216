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

/// `/review`, `/actions`, the links between pages, and the time zone the pages show.
@Suite struct TeamPagesTests {
    /// An incident whose id, service and change id need encoding, with hostile text in every field.
    static let events = Array(
        """
        {"id":"team/7 <x>","time":"2024-07-19T04:00:00Z","kind":"incident","service":"pay ments","status":"declared","incident":"team/7","title":"<script>alert('title')</script>","actor":"<img src=x onerror=alert(1)>"}
        {"id":"cfg 50%","time":"2024-07-19T03:55:00Z","kind":"config","service":"pay ments","version":"\\"><svg onload=alert(2)>","summary":"<script>alert('summary')</script>"}
        {"time":"2024-07-19T03:56:00Z","kind":"crash","service":"pay ments","host":"h1","incident":"team/7","labels":{"region":"<b>eu</b>"}}
        {"time":"2024-07-19T04:05:00Z","kind":"report","service":"pay ments","host":"acme","incident":"team/7","summary":"<img src=y onerror=alert(3)>"}
        {"time":"2024-07-19T04:10:00Z","kind":"note","service":"pay ments","incident":"team/7","actor":"eve","summary":"\\"><svg onload=alert(4)>"}
        {"time":"2024-07-19T04:20:00Z","kind":"note","service":"pay ments","incident":"team/7","summary":"<script>alert('item')</script>","action":"team/7-A1","owner":"<b>bob</b>","due":"2024-07-01","status":"open","priority":"P1","action_type":"detect","url":"javascript:alert(5)"}
        {"id":"team/7-mitigated","time":"2024-07-19T04:30:00Z","kind":"incident","service":"pay ments","status":"mitigated","incident":"team/7"}

        """.utf8)

    static func fixture() throws -> ServerFixture {
        let f = try ServerFixture()
        #expect(try f.store.ingest(try ByteInput(bytes: events, name: "events")).committed)
        return f
    }

    static func page(_ client: any TestClientProtocol, _ uri: String, _ f: ServerFixture, headers: HTTPFields = [:]) async throws -> (Int, String, HTTPFields) {
        try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.writer).merging(headers)) { r in
            (Int(r.status.code), r.text, r.headers)
        }
    }

    @Test func noPageShowsEventTextAsMarkup() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            for uri in ["/", "/incidents/team%2F7", "/actions", "/review?since=30d&until=2024-07-20T00:00:00Z", "/changes?before=team%2F7"] {
                let (status, html, _) = try await Self.page(client, uri, f)
                #expect(status == 200, "\(uri): \(html.prefix(300))")
                for live in ["<script>alert", "<img src=x", "<img src=y", "<svg onload", "<b>eu</b>", "<b>bob</b>", "href=\"javascript:"] {
                    #expect(!html.contains(live), "\(uri) shows \(live) as markup")
                }
            }
            let (_, incident, _) = try await Self.page(client, "/incidents/team%2F7", f)
            #expect(
                incident.contains("&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;") || incident.contains("&lt;script&gt;alert('summary')&lt;/script&gt;")
            )
            #expect(incident.contains("<svg"), "the chart is there")
            #expect(!incident.contains("language-mermaid"), "the chart replaces the Mermaid block")
        }
    }

    @Test func everyIdIsAnEncodedLink() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let (_, list, _) = try await Self.page(client, "/", f)
            #expect(list.contains("<a href=\"/incidents/team%2F7\">team/7</a>"))
            #expect(list.contains("<a href=\"/?service=pay%20ments\">pay ments</a>"))
            let (_, incident, _) = try await Self.page(client, "/incidents/team%2F7", f)
            #expect(incident.contains("<a href=\"/changes?before=cfg%2050%25\"><code>cfg 50%</code></a>"))
            let (_, actions, _) = try await Self.page(client, "/actions", f)
            #expect(actions.contains("<a href=\"/incidents/team%2F7\">team/7</a>"))
            #expect(actions.contains("action=\"/actions/team%2F7-A1/done\""))
            let (_, filtered, _) = try await Self.page(client, "/?service=pay%20ments", f)
            #expect(filtered.contains("team/7"))
            let (_, none, _) = try await Self.page(client, "/?service=other", f)
            #expect(!none.contains("/incidents/team%2F7"))
        }
    }

    @Test func theActionsPageSaysWhatIsOverdueByOwner() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let (_, html, _) = try await Self.page(client, "/actions", f)
            #expect(html.contains("1 open, of which 1 overdue; 0 done."))
            #expect(html.contains("<h2 id=\"owner-%3Cb%3Ebob%3C%2Fb%3E\">&lt;b&gt;bob&lt;/b&gt;</h2>"))
            #expect(html.contains("<span class=\"badge bad\">overdue</span>"))
            #expect(html.contains("<td>P1</td><td>detect</td>"))
            let (_, done, _) = try await Self.page(client, "/actions?state=done", f)
            #expect(done.contains("No action item matches."))
            let (_, bad, _) = try await Self.page(client, "/actions?state=late", f)
            #expect(bad.contains("state &#39;late&#39; is not a state") || bad.contains("state 'late' is not a state"))
        }
    }

    @Test func theReviewPageHasTheKeysTheChartsAndItsForm() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let (status, html, _) = try await Self.page(client, "/review?since=30d&until=2024-07-20T00:00:00Z&service=pay%20ments", f)
            #expect(status == 200)
            #expect(html.contains("DORA"))
            #expect(html.contains("Change failure rate per month"))
            #expect(html.contains("value=\"pay ments\""), "the services chosen stay in the form")
            #expect(html.contains("<label>Since (a duration back or a time)<input name=\"since\""))
            let (_, bad, _) = try await Self.page(client, "/review?since=yesterday", f)
            #expect(bad.contains("Since &#39;yesterday&#39; is neither") || bad.contains("Since 'yesterday' is neither"))
        }
    }

    @Test func theTimeZoneIsChosenRememberedAndNamedWithEveryTime() async throws {
        let f = try Self.fixture()
        try await f.test { client in
            let (_, utc, _) = try await Self.page(client, "/incidents/team%2F7", f)
            #expect(utc.contains("2024-07-19 03:56 UTC"))
            let (_, berlin, headers) = try await Self.page(client, "/incidents/team%2F7?tz=Europe/Berlin", f)
            #expect(berlin.contains("2024-07-19 05:56 CEST (+02:00)"))
            let cookie = try #require(headers[.setCookie])
            #expect(cookie.hasPrefix("hindsight_tz=Europe%2FBerlin;"))
            let (_, remembered, again) = try await Self.page(client, "/", f, headers: [.cookie: "hindsight_tz=Europe%2FBerlin"])
            #expect(remembered.contains("CEST (+02:00)"))
            #expect(again[.setCookie] == nil)
            let (status, unknown, none) = try await Self.page(client, "/?tz=Mars/Olympus", f, headers: [.cookie: "hindsight_tz=Europe%2FBerlin"])
            #expect(status == 200)
            #expect(unknown.contains("Unknown time zone &#39;Mars/Olympus&#39;") || unknown.contains("Unknown time zone 'Mars/Olympus'"))
            #expect(unknown.contains("CEST"), "the zone it had stays")
            #expect(none[.setCookie] == nil)
            let (_, abbreviation, _) = try await Self.page(client, "/?tz=PST", f)
            #expect(abbreviation.contains("Unknown time zone"), "abbreviations are ambiguous; only tz database names")
            #expect(unknown.contains("<label for=\"tz\">Times in</label>"))
        }
    }
}
