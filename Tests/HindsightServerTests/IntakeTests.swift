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

@Suite struct IntakeTests {
    static let native = Array(
        """
        {"id":"d-1","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api","version":"1.2.3"}
        {"id":"c-1","time":"2024-07-19T04:05:00Z","kind":"crash","service":"api","host":"h1","version":"1.2.3"}

        """.utf8)

    @Test(arguments: TestBackend.available) func bearerTokenStoresNativeEventsOnceAndRedeliveryIsAlreadyStored(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: Self.native)) { r in
                #expect(r.status == .ok)
                #expect(r.json["read"] as? Int == 2)
                #expect(r.json["new"] as? Int == 2)
                #expect(r.json["already_stored"] as? Int == 0)
                #expect(r.headers[HTTPField.Name("X-Hindsight-Events-Stored")!] == nil)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: Self.native)) { r in
                #expect(r.status == .ok)
                #expect(r.json["new"] as? Int == 0)
                #expect(r.json["already_stored"] as? Int == 2)
            }
        }
        #expect(try f.store.totalEvents() == 2)
    }

    @Test(arguments: TestBackend.available) func aJSONArrayIsAcceptedToo(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let body = #"[{"time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"},{"time":"2024-07-19T04:01:00Z","kind":"alert","service":"api"}]"#
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                #expect(r.json["new"] as? Int == 2)
            }
        }
    }

    @Test(arguments: ["/v1/events", "/v1/hooks/github"])
    func missingWrongAndRevokedTokensAre401(uri: String) async throws {
        let f = try ServerFixture()
        let cases: [(HTTPFields, String)] = [
            ([:], "no credentials"),
            ([.authorization: "Bearer hs_not-a-real-token"], "unknown or revoked token"),
            (ServerFixture.bearer(f.revoked), "unknown or revoked token"),
        ]
        try await f.test { client in
            for (headers, error) in cases {
                try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: Self.native)) { r in
                    #expect(r.status == .unauthorized)
                    #expect(r.json["error"] as? String == error)
                    #expect(r.json["field"] as? String == "Authorization")
                    #expect((r.json["hint"] as? String)?.isEmpty == false)
                    #expect(r.headers[.wwwAuthenticate] == "Bearer realm=\"hindsight\"")
                }
            }
        }
        #expect(try f.store.totalEvents() == 0)
    }

    @Test(arguments: TestBackend.available) func aFormatLimitedTokenPostsOnlyToItsHook(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.github), body: ByteBuffer(bytes: Self.native)) { r in
                #expect(r.status == .forbidden)
                #expect((r.json["error"] as? String)?.contains("/v1/hooks/github") == true)
            }
        }
    }

    @Test(arguments: TestBackend.available) func oversizedBodyIs413AndStoresNothing(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend, bodyLimit: 100)
        let big = Array(repeating: Self.native, count: 3).flatMap { $0 }
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: big)) { r in
                #expect(r.status == .contentTooLarge)
                #expect((r.json["error"] as? String)?.contains("larger than 100 bytes") == true)
            }
        }
        #expect(try f.store.totalEvents() == 0)
    }

    @Test(arguments: TestBackend.available) func badPayloadIs400NamingTheFieldAndStoresNothingOfTheRequest(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let body = """
            {"time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}
            {"time":"2024-07-19T04:01:00Z","kind":"deploy","servce":"api"}

            """
        try await f.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "servce")
                #expect((r.json["error"] as? String)?.contains("request body:2") == true)
                #expect((r.json["hint"] as? String)?.contains("nothing from this request was stored") == true)
            }
            // A GitHub payload without its deployment names that field.
            let sig = ServerFixture.hexHMAC(Array(#"{"action":"created"}"#.utf8), key: f.github.token)
            try await client.execute(
                uri: "/v1/hooks/github", method: .post, headers: [HTTPField.Name("X-Hub-Signature-256")!: "sha256=" + sig],
                body: ByteBuffer(string: #"{"action":"created"}"#)
            ) { r in
                #expect(r.status == .badRequest, "\(r.text)")
                #expect(r.json["field"] as? String == "deployment")
                #expect((r.json["error"] as? String)?.contains("request body:1: github: field 'deployment': is missing") == true, "\(r.text)")
            }
        }
        #expect(try f.store.totalEvents() == 0)
    }

    @Test(arguments: TestBackend.available) func anUnknownHookFormatIs404ListingTheFormats(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        try await f.test { client in
            try await client.execute(uri: "/v1/hooks/nagios", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: Self.native)) {
                r in
                #expect(r.status == .notFound)
                #expect(r.json["field"] as? String == "format")
                for format in HookFormat.all { #expect((r.json["hint"] as? String)?.contains(format.name) == true) }
            }
        }
    }

    @Test func everyHookFormatOfTheRegistryIsRouted() {
        let names = HookFormat.all.map(\.name)
        for format in InputFormat.allCases where ![.auto, .native, .csv, .mapped].contains(format) {
            #expect(names.contains(format.rawValue))
        }
        #expect(names.contains("grafana"))
        // Mapped payloads come in by each mapping's name, never by the word "mapped".
        #expect(!names.contains("mapped"))
    }

    /// A GitHub deployment payload from the shared fixtures, and its bytes.
    static func deploymentPayload() throws -> [UInt8] {
        Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("realworld/github/ghes-220-deployment.json")))
    }

    @Test(arguments: TestBackend.available) func producerSignaturesAreCheckedInConstantTimeAgainstTheTokensSecrets(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let body = try Self.deploymentPayload()
        let good = ServerFixture.hexHMAC(body, key: f.github.token)
        let wrong = ServerFixture.hexHMAC(body, key: f.writer.token + "x")
        let revoked = ServerFixture.hexHMAC(body, key: f.revoked.token)
        try await f.test { client in
            let cases: [(String, HTTPResponse.Status)] = [
                ("sha256=" + wrong, .unauthorized), ("sha256=" + revoked, .unauthorized), ("sha1=" + good, .unauthorized), ("sha256=" + good, .ok),
            ]
            for (value, status) in cases {
                let headers: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: value]
                try await client.execute(uri: "/v1/hooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { r in
                    #expect(r.status == status, "\(headers): \(r.text)")
                    if status == .unauthorized { #expect(r.json["field"] as? String == "X-Hub-Signature-256") }
                }
            }
            // A signature over other bytes (one changed) does not match.
            var tampered = body
            tampered[tampered.count / 2] ^= 0x01
            try await client.execute(
                uri: "/v1/hooks/github", method: .post, headers: [HTTPField.Name("X-Hub-Signature-256")!: "sha256=" + good],
                body: ByteBuffer(bytes: tampered)
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "signature does not match")
            }
        }
        #expect(try f.store.totalEvents() == 1)
    }

    @Test(arguments: TestBackend.available) func sentryAndPagerDutySignatures(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let sentry = Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("realworld/sentry/docs-error-created.json")))
        let pagerduty = Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("pagerduty/change_event.json")))
        try await f.test { client in
            try await client.execute(
                uri: "/v1/hooks/sentry", method: .post,
                headers: [HTTPField.Name("Sentry-Hook-Signature")!: ServerFixture.hexHMAC(sentry, key: f.github.token)],
                body: ByteBuffer(bytes: sentry)
            ) { r in
                #expect(r.status == .unauthorized, "a github-only token's secret does not sign for sentry")
            }
            try await client.execute(
                uri: "/v1/hooks/sentry", method: .post,
                headers: [HTTPField.Name("Sentry-Hook-Signature")!: ServerFixture.hexHMAC(sentry, key: f.writer.token)],
                body: ByteBuffer(bytes: sentry)
            ) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["token"] as? String == "ci")
            }
            // PagerDuty sends several v1= signatures while a secret rotates: any one matching is enough.
            let pd = "v1=\(ServerFixture.hexHMAC(pagerduty, key: "rotated-away")),v1=\(ServerFixture.hexHMAC(pagerduty, key: f.writer.token))"
            try await client.execute(
                uri: "/v1/hooks/pagerduty", method: .post, headers: [HTTPField.Name("X-PagerDuty-Signature")!: pd],
                body: ByteBuffer(bytes: pagerduty)
            ) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            try await client.execute(
                uri: "/v1/hooks/pagerduty", method: .post,
                headers: [HTTPField.Name("X-PagerDuty-Signature")!: "v1=\(ServerFixture.hexHMAC(pagerduty, key: "nope"))"],
                body: ByteBuffer(bytes: pagerduty)
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["field"] as? String == "X-PagerDuty-Signature")
            }
        }
    }

    @Test(arguments: TestBackend.available) func standardWebhooksReplayAndStaleMessagesAre401(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let body = Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("cdevents/service_deployed.json")))
        let now = ServerFixture.now.milliseconds / 1000
        let fresh = ServerFixture.standardWebhooks(body, secret: f.writer.standardWebhooksSecret!, id: "msg_1", seconds: now - 30)
        try await f.test { client in
            try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: fresh, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            // The same message captured and sent again.
            try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: fresh, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "replayed message")
            }
            // A retry is signed anew with its own timestamp: accepted, and stored once.
            let retry = ServerFixture.standardWebhooks(body, secret: f.writer.standardWebhooksSecret!, id: "msg_1", seconds: now)
            try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: retry, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .ok)
                #expect(r.json["already_stored"] as? Int == 1)
            }
            for seconds in [now - 301, now + 301] {
                let stale = ServerFixture.standardWebhooks(body, secret: f.writer.standardWebhooksSecret!, id: "msg_2", seconds: seconds)
                try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: stale, body: ByteBuffer(bytes: body)) { r in
                    #expect(r.status == .unauthorized)
                    #expect(r.json["field"] as? String == "webhook-timestamp")
                }
            }
            let other = ServerFixture.standardWebhooks(body, secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString(), id: "msg_3", seconds: now)
            try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: other, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "signature does not match")
            }
        }
        #expect(try f.store.totalEvents() == 1)
    }

    /// The hook each fixture folder goes through.
    static func hook(forFolder folder: String) -> String {
        switch folder {
        case "github-other": "github"
        case "pagerduty-webhooks": "pagerduty"
        default: folder
        }
    }

    @Test(arguments: TestBackend.available) func everyRealPayloadThroughItsHookStoresWhatIngestStores(_ backend: TestBackend) async throws {
        let root = ServerFixture.fixtures
        var files: [(URL, String)] = []
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where url.pathExtension == "json" {
            let hook = Self.hook(forFolder: url.deletingLastPathComponent().lastPathComponent)
            if HookFormat.named(hook) != nil { files.append((url, hook)) }
        }
        #expect(files.count >= 40, "the fixtures of every known format are found (\(files.count))")
        var stored = 0
        for (url, hook) in files.sorted(by: { $0.0.path < $1.0.path }) {
            let name = url.lastPathComponent
            let bytes = Array(try Data(contentsOf: url))
            // The same bytes through the store directly, with the same receipt time: the reference.
            let reference = try backend.makeStore().ingest(
                try ByteInput(bytes: bytes, name: "request body"), format: HookFormat.named(hook)!.input,
                options: IngestOptions(listLimit: 5, adapters: AdapterOptions(receivedAt: ServerFixture.now)))
            let f = try ServerFixture(backend)
            try await f.test { client in
                try await client.execute(uri: "/v1/hooks/\(hook)", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: bytes)) {
                    r in
                    if reference.committed && reference.read > 0 {
                        #expect(r.status == (reference.new + reference.duplicates > 0 ? .ok : .accepted), "\(name): \(r.text)")
                        #expect(r.json["read"] as? Int == reference.read, "\(name)")
                        #expect(r.json["new"] as? Int == reference.new, "\(name)")
                        #expect(r.json["skipped"] as? Int == reference.skipped, "\(name)")
                    } else {
                        // Only conflicts (an id stored with other content) are 409; anything invalid is 400.
                        let status: HTTPResponse.Status = reference.invalid == 0 && reference.conflicts > 0 ? .conflict : .badRequest
                        #expect(r.status == status, "\(name): \(r.text)")
                        #expect(r.json["field"] as? String == reference.issues.first?.field, "\(name): \(r.text)")
                        #expect((r.json["error"] as? String)?.hasPrefix(reference.issues.first.map { "\($0)" } ?? "the body") == true, "\(name): \(r.text)")
                    }
                }
                // Redelivery: stored once.
                try await client.execute(uri: "/v1/hooks/\(hook)", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: bytes)) {
                    r in
                    if reference.committed && reference.new > 0 {
                        #expect(r.json["new"] as? Int == 0, "\(name)")
                        #expect(r.json["already_stored"] as? Int == reference.new + reference.duplicates, "\(name)")
                    }
                }
            }
            let expected = reference.committed ? reference.new : 0
            #expect(try f.store.totalEvents() == expected, "\(name)")
            stored += expected
        }
        #expect(stored >= 30, "most real payloads become events (\(stored))")
    }
}
