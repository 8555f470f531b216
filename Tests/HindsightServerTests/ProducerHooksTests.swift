import Crypto
import Foundation
import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The hooks of the newer producers, each with the credential its producer can send: Terraform's and
/// CircleCI's signatures, Basic credentials (Jenkins), a token in the URL (Statuspage, Rollbar);
/// CloudEvents in every content mode of the HTTP binding; signed native events; a mapping's hook.
@Suite struct ProducerHooksTests {
    /// `Tests/HindsightFormatsTests/Fixtures` (captured payloads; sources in its SOURCES.md).
    static func fixture(_ relative: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HindsightFormatsTests/Fixtures").appendingPathComponent(relative)
        return Array(try Data(contentsOf: url))
    }

    static func header(_ name: String, _ value: String) -> HTTPFields { [HTTPField.Name(name)!: value] }

    @Test(arguments: TestBackend.available) func terraformAndCircleCISignTheirWay(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let terraform = try Self.fixture("terraform/tfbuddy-run-errored.json")
        let sha512 = HMAC<SHA512>.authenticationCode(for: terraform, using: SymmetricKey(data: Array(f.writer.token.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        let circle = try Self.fixture("circleci/docs-workflow-completed-github.json")
        try await f.test { client in
            try await client.execute(
                uri: "/v1/hooks/terraform", method: .post, headers: Self.header("X-TFE-Notification-Signature", sha512), body: ByteBuffer(bytes: terraform)
            ) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
                #expect(r.json["token"] as? String == "ci")
            }
            // A SHA-256 HMAC where Terraform sends SHA-512 is malformed; one over other bytes does not match.
            try await client.execute(
                uri: "/v1/hooks/terraform", method: .post,
                headers: Self.header("X-TFE-Notification-Signature", ServerFixture.hexHMAC(terraform, key: f.writer.token)), body: ByteBuffer(bytes: terraform)
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "malformed signature")
                #expect(r.json["field"] as? String == "X-TFE-Notification-Signature")
            }
            try await client.execute(
                uri: "/v1/hooks/terraform", method: .post, headers: Self.header("X-TFE-Notification-Signature", sha512),
                body: ByteBuffer(bytes: terraform + [0x20])
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "signature does not match")
            }
            let v1 = "v1=\(ServerFixture.hexHMAC(circle, key: "old-secret")),v1=\(ServerFixture.hexHMAC(circle, key: f.writer.token))"
            try await client.execute(uri: "/v1/hooks/circleci", method: .post, headers: Self.header("circleci-signature", v1), body: ByteBuffer(bytes: circle))
            {
                r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
        }
        let stored = try f.store.events(EventFilter())
        #expect(Set(stored.map(\.id)) == ["terraform:run-TCmduqLvvFw7WWmC", "circleci:workflow:fda08377-fe7e-46b1-8992-3a7aaecac9c3"])
    }

    @Test(arguments: TestBackend.available) func producersThatOnlyTakeAURLSendTheTokenInIt(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let statuspage = try Self.fixture("statuspage/zulip-incident_created.json")
        let jenkins = Array(
            #"{"name":"deploy-api","url":"job/deploy-api/","build":{"full_url":"https://ci/job/deploy-api/3/","number":3,"phase":"STARTED","timestamp":1721361000000,"url":"job/deploy-api/3/"}}"#
                .utf8)
        try await f.test { client in
            // Jenkins' Notification plugin turns user info in the endpoint URL into Basic credentials.
            let basic = Data("jenkins:\(f.writer.token)".utf8).base64EncodedString()
            try await client.execute(uri: "/v1/hooks/jenkins", method: .post, headers: [.authorization: "Basic \(basic)"], body: ByteBuffer(bytes: jenkins)) {
                r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            let wrong = Data("jenkins:hs_nope".utf8).base64EncodedString()
            try await client.execute(uri: "/v1/hooks/jenkins", method: .post, headers: [.authorization: "Basic \(wrong)"], body: ByteBuffer(bytes: jenkins)) {
                r in
                #expect(r.status == .unauthorized)
                #expect(r.json["field"] as? String == "Authorization")
            }
            // Statuspage and Rollbar post to a URL and nothing else: the token rides in it.
            try await client.execute(uri: "/v1/hooks/statuspage?token=\(f.writer.token)", method: .post, body: ByteBuffer(bytes: statuspage)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/hooks/statuspage?token=\(f.github.token)", method: .post, body: ByteBuffer(bytes: statuspage)) { r in
                #expect(r.status == .forbidden)
                #expect(r.json["field"] as? String == "token")
            }
            try await client.execute(uri: "/v1/hooks/statuspage?token=\(f.reader.token)", method: .post, body: ByteBuffer(bytes: statuspage)) { r in
                #expect(r.status == .forbidden, "a read token cannot write, whichever way it is sent")
            }
            // Never on /v1/events, which every sender can give a header.
            try await client.execute(uri: "/v1/events?token=\(f.writer.token)", method: .post, body: ByteBuffer(string: "{}")) { r in
                #expect(r.status == .unauthorized)
            }
        }
        #expect(try f.store.totalEvents() == 2)
    }

    /// The request the official CloudEvents Python SDK makes with `to_binary(CloudEvent({"type": …, "source": …}, data))`
    /// and `requests.post(url, data=body, headers=headers)`: `ce-` headers for every attribute (`time` by `isoformat()`),
    /// the data `json.dumps`-ed, and no Content-Type.
    static let pythonBinary: HTTPFields = [
        HTTPField.Name("ce-specversion")!: "1.0", HTTPField.Name("ce-id")!: "9f1c0f7e-4c53-4f8e-8f8e-2d1f3b6c1a10",
        HTTPField.Name("ce-source")!: "https://ci.example.com/deployer", HTTPField.Name("ce-type")!: "com.example.deploy.finished",
        HTTPField.Name("ce-time")!: "2024-07-19T04:00:00.123456+00:00",
    ]
    static let pythonData = Array(#"{"service": "checkout", "version": "v2.4.1", "summary": "deploy of v2.4.1"}"#.utf8)

    @Test(arguments: TestBackend.available) func cloudEventsInEveryContentMode(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let bearer = ServerFixture.bearer(f.writer)
        try await f.test { client in
            // Binary content mode, as the Python SDK sends it.
            try await client.execute(uri: "/v1/hooks/cloudevents", method: .post, headers: bearer + Self.pythonBinary, body: ByteBuffer(bytes: Self.pythonData))
            {
                r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            // Redelivered: stored once.
            try await client.execute(uri: "/v1/hooks/cloudevents", method: .post, headers: bearer + Self.pythonBinary, body: ByteBuffer(bytes: Self.pythonData))
            {
                r in
                #expect(r.json["already_stored"] as? Int == 1)
            }
            var missing = Self.pythonBinary
            missing[HTTPField.Name("ce-type")!] = nil
            try await client.execute(uri: "/v1/hooks/cloudevents", method: .post, headers: bearer + missing, body: ByteBuffer(bytes: Self.pythonData)) { r in
                #expect(r.status == .badRequest)
                #expect(r.json["field"] as? String == "ce-type")
            }
            // Binary mode on the cdevents hook: the CDEvent is the data.
            let cdevent = Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("cdevents/service_deployed.json")))
            var cdHeaders = bearer + Self.pythonBinary
            cdHeaders[HTTPField.Name("ce-type")!] = "dev.cdevents.service.deployed.0.1.1"
            cdHeaders[HTTPField.Name("ce-id")!] = "cd-1"
            cdHeaders[.contentType] = "application/json"
            try await client.execute(uri: "/v1/hooks/cdevents", method: .post, headers: cdHeaders, body: ByteBuffer(bytes: cdevent)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 1)
            }
            // Batched mode: an array of structured events.
            let batch =
                Array(
                    #"[{"specversion":"1.0","id":"b1","source":"/ci","type":"com.example.config.pushed","time":"2024-07-19T04:01:00Z","subject":"edge","data":{"version":"r7"}},"#
                        .utf8)
                + Array(#"{"specversion":"1.0","id":"b2","source":"/ci","type":"com.example.alert","time":"2024-07-19T04:02:00Z","subject":"edge"}]"#.utf8)
            try await client.execute(
                uri: "/v1/hooks/cloudevents", method: .post, headers: bearer + [.contentType: "application/cloudevents-batch+json"],
                body: ByteBuffer(bytes: batch)
            ) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["new"] as? Int == 2)
            }
            // Structured mode, as to_structured sends it.
            let structured = Array(
                #"{"specversion": "1.0", "id": "s1", "source": "/ci", "type": "com.example.rollback", "time": "2024-07-19T04:03:00+00:00", "subject": "edge", "data": {}}"#
                    .utf8)
            try await client.execute(
                uri: "/v1/hooks/cloudevents", method: .post, headers: bearer + [.contentType: "application/cloudevents+json"],
                body: ByteBuffer(bytes: structured)
            ) { r in
                #expect(r.status == .ok, "\(r.text)")
            }
        }
        let events = try f.store.events(EventFilter())
        let binary = try #require(events.first { $0.id == "cloudevents:https://ci.example.com/deployer:9f1c0f7e-4c53-4f8e-8f8e-2d1f3b6c1a10" })
        #expect(binary.kind == .deploy)
        #expect(binary.service == "checkout")
        #expect(binary.version == "v2.4.1")
        #expect(binary.time == Timestamp(milliseconds: 1_721_361_600_123))
        let fromCDEvent = events.filter { $0.id.hasPrefix("cdevents:") }
        #expect(fromCDEvent.map(\.kind) == [.deploy])
        #expect(Set(events.map(\.kind)) == [.deploy, .config, .alert, .rollback])
    }

    @Test(arguments: TestBackend.available) func nativeEventsMayBeSignedWithStandardWebhooks(_ backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let body = Array(#"{"time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api","id":"d-signed"}"#.utf8)
        let seconds = ServerFixture.now.milliseconds / 1000
        try await f.test { client in
            let signed = ServerFixture.standardWebhooks(body, secret: f.writer.standardWebhooksSecret!, id: "msg_e1", seconds: seconds)
            try await client.execute(uri: "/v1/events", method: .post, headers: signed, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["token"] as? String == "ci")
            }
            // A hook-only token's secret does not sign native events; a read token's signs nothing.
            let hookOnly = ServerFixture.standardWebhooks(body, secret: f.github.standardWebhooksSecret!, id: "msg_e2", seconds: seconds)
            try await client.execute(uri: "/v1/events", method: .post, headers: hookOnly, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "signature does not match")
            }
            let reader = ServerFixture.standardWebhooks(body, secret: f.reader.standardWebhooksSecret!, id: "msg_e3", seconds: seconds)
            try await client.execute(uri: "/v1/events", method: .post, headers: reader, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .forbidden)
            }
            // A producer's scheme (GitHub's) is no credential for native events.
            try await client.execute(
                uri: "/v1/events", method: .post, headers: Self.header("X-Hub-Signature-256", "sha256=" + ServerFixture.hexHMAC(body, key: f.writer.token)),
                body: ByteBuffer(bytes: body)
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.json["error"] as? String == "no credentials")
            }
        }
        #expect(try f.store.totalEvents() == 1)
    }

    @Test(arguments: TestBackend.available) func aMappingHasItsOwnHook(_ backend: TestBackend) async throws {
        let toml = """
            [[mapping]]
            name = "uptimerobot"
            match = { "alert_type_friendly_name" = ["Down", "Up"] }
            kind = "alert"
            service = "$.monitor_friendly_name"
            status = { path = "$.alert_type_friendly_name", map = { Down = "firing", Up = "resolved" } }
            """
        let adapters = try HindsightConfig.parse(toml, path: "hindsight.toml").adapters
        let f = try ServerFixture(backend) { $0.adapters = adapters }
        let down = try Self.fixture("uptimerobot/zulip-uptimerobot_monitor_down.json")
        try await f.test { client in
            try await client.execute(uri: "/v1/hooks/uptimerobot", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: down)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["format"] as? String == "mapped")
                #expect(r.json["new"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/hooks/nosuch", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(bytes: down)) { r in
                #expect(r.status == .notFound)
                #expect((r.json["hint"] as? String)?.hasSuffix(", statuspage, grafana, uptimerobot") == true, "\(r.text)")
            }
        }
        let e = try #require(try f.store.events(EventFilter()).first)
        #expect(e.service == "Web Server")
        #expect(e.status == "firing")
        #expect(e.time == ServerFixture.now)  // the receipt time
        #expect(e.source == "uptimerobot")
    }
}
