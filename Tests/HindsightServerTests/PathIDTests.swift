import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Ids with awkward characters, through every route that takes one and every link that names one.
@Suite struct PathIDTests {
    static let ids = ["INC 42", "team/7", "zürich-1", "50%", "a?b#c", "plus+sign", "semi;colon", "100%25", "日本"]

    static func store(_ backend: TestBackend) throws -> EventStore {
        let store = try backend.makeStore()
        var events: [Event] = []
        for (i, id) in ids.enumerated() {
            let time = try Timestamp.parse("2024-07-19T0\(i % 10):00:00Z").get()
            events.append(Event(id: "declared-\(i)", time: time, kind: .incident, service: "api", status: "declared", incident: id, title: "about \(id)"))
        }
        try store.insert(events)
        return store
    }

    /// `id` as the pages encode it: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
    static func encoded(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))!
    }

    @Test(arguments: TestBackend.available) func everyIdRoundTripsThroughItsLinksAndRoutes(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, openRead: true, store: try Self.store(backend))
        try await f.test { client in
            let list = try await client.execute(uri: "/", method: .get) { r in r.text }
            for id in Self.ids {
                let segment = Self.encoded(id)
                let link = "/incidents/\(segment)"
                #expect(list.contains(#"<a href="\#(link)">"#), "\(id) is linked as \(link)")
                try await client.execute(uri: link, method: .get) { r in
                    #expect(r.status == .ok, "\(id): \(r.text)")
                    #expect(r.text.contains(PageLayoutProbe.h("about \(id)")), "\(id)")
                    #expect(r.text.contains(#"href="/v1/incidents/\#(segment)""#), "\(id): the JSON link")
                    #expect(r.text.contains(#"href="/changes?before=\#(segment)""#), "\(id): the changes link")
                }
                try await client.execute(uri: "/v1/incidents/\(segment)", method: .get) { r in
                    #expect(r.status == .ok, "\(id): \(r.text)")
                    #expect(r.json["incident"] as? String == id)
                }
                try await client.execute(uri: "/v1/changes?before=\(segment)", method: .get) { r in
                    #expect(r.status == .ok, "\(id): \(r.text)")
                }
                try await client.execute(uri: "/changes?before=\(segment)", method: .get) { r in
                    #expect(r.status == .ok && !r.text.contains("class=\"problem\""), "\(id)")
                }
            }
        }
    }

    @Test func pathParametersAreDecodedExactlyOnce() async throws {
        let f = try ServerFixture(openRead: true, store: try Self.store(.sqlite))
        try await f.test { client in
            // Decoded twice, team%252F7 would be team/7; once, it is the id "team%2F7", which does not exist.
            try await client.execute(uri: "/v1/incidents/team%252F7", method: .get) { r in
                #expect(r.status == .notFound)
                #expect((r.json["error"] as? String)?.contains("'team%2F7'") == true)
            }
            // An unencoded slash is two path segments: no such route.
            try await client.execute(uri: "/v1/incidents/team/7", method: .get) { r in #expect(r.status == .notFound) }
            for bad in ["%ZZ", "%", "%C3%28", "nul%00"] {
                try await client.execute(uri: "/v1/incidents/\(bad)", method: .get) { r in
                    #expect(r.status == .badRequest, "\(bad)")
                    #expect(r.json["field"] as? String == "id", "\(bad)")
                }
                try await client.execute(uri: "/incidents/\(bad)", method: .get) { r in #expect(r.status == .badRequest, "\(bad)") }
            }
            try await client.execute(uri: "/v1/hooks/git%68ub", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(string: " ")) { r in
                #expect(r.status == .badRequest, "the format is decoded once too: github, whose body is empty")
                #expect(r.json["error"] as? String == "the request body is empty")
            }
        }
    }
}

/// The pages' escaping, for expectations.
enum PageLayoutProbe {
    static func h(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
