import Crypto
import Foundation
import HTTPTypes
import Hindsight
import HindsightReport
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Logging

/// An in-memory store, a vault, tokens and a server with a fixed clock, driven in process.
struct ServerFixture {
    static let now = Timestamp(milliseconds: 1_721_362_000_000)  // 2024-07-19T04:06:40Z

    let store: EventStore
    let vault: TokenVault
    let server: HindsightServer
    /// A write token, a github-only one and a revoked one.
    let writer: CreatedToken
    let github: CreatedToken
    let revoked: CreatedToken
    /// One token of each other scope, and one that expired a second ago.
    let reader: CreatedToken
    let admin: CreatedToken
    let expired: CreatedToken

    init(
        _ backend: TestBackend = .sqlite, openRead: Bool = false, bodyLimit: Int = 10 * 1024 * 1024, store: EventStore? = nil,
        configure: (inout ServerSettings) -> Void = { _ in }
    ) throws {
        let store = try store ?? backend.makeStore()
        self.store = store
        vault = TokenVault.ephemeral(store: store)
        writer = try vault.create(name: "ci", scope: .write, format: nil, now: Self.now)
        github = try vault.create(name: "gh", format: "github", now: Self.now)
        revoked = try vault.create(name: "old", scope: .write, format: nil, now: Self.now)
        try store.revokeToken("old", at: Self.now)
        reader = try vault.create(name: "reader", format: nil, now: Self.now)
        admin = try vault.create(name: "boss", scope: .admin, format: nil, now: Self.now)
        expired = try vault.create(name: "past", scope: .admin, format: nil, expiresAt: Self.now + .seconds(-1), now: Self.now)
        var settings = ServerSettings(template: try PostmortemTemplate(text: Self.template, file: "test.mustache"))
        settings.port = 0
        settings.openRead = openRead
        settings.bodyLimit = bodyLimit
        settings.now = { Self.now }
        configure(&settings)
        server = HindsightServer(store: store, vault: vault, settings: settings)
    }

    /// A short template: the heading and the trigger, enough to see the post-mortem rendered.
    static let template = "# {{heading}}\n\n{{#trigger}}Trigger: {{id}}{{/trigger}}\n"

    /// Runs `body` against the router in process.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.buildRouter())
        try await app.test(.router, body)
    }

    /// Runs `body` with the application listening on a free loopback port (every connection watched, as
    /// `hindsight serve`'s are); `body` gets the port.
    func live(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "hindsight.test")
        logger.logLevel = .error
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let app = server.buildApplication(logger: logger) { port in bound.yield(port) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var waiting = ports.makeAsyncIterator()
            guard let port = await waiting.next() else { return }
            defer { group.cancelAll() }
            try await body(port)
        }
    }

    /// `GET path` on a connection of its own; status, headers and body.
    static func get(_ path: String, port: Int, headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: String) {
        let c = try RawConnection(port: port)
        let extra = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        await c.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)Connection: close\r\n\r\n")
        return try await c.response()
    }

    /// The value of the Prometheus sample `name{labels}` in `/metrics`, 0 when absent.
    static func metric(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            guard labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            total += Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return total
    }

    static func bearer(_ token: CreatedToken) -> HTTPFields { [.authorization: "Bearer \(token.token)"] }

    /// The folder of the shared fixtures, from this file's path.
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    static func hexHMAC(_ body: [UInt8], key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(key.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    /// Standard Webhooks headers signing `body` as message `id` sent at `seconds`.
    static func standardWebhooks(_ body: [UInt8], secret: String, id: String, seconds: Int64) -> HTTPFields {
        let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))!
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(seconds).".utf8) + body, using: SymmetricKey(data: key))
        return [
            HTTPField.Name("webhook-id")!: id, HTTPField.Name("webhook-timestamp")!: String(seconds),
            HTTPField.Name("webhook-signature")!: "v1,\(Data(mac).base64EncodedString())",
        ]
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The top-level members of a JSON object body.
    var json: [String: Any] { jsonObject(text) }
}

/// The top-level members of a JSON object; empty when `text` is not one.
func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}
