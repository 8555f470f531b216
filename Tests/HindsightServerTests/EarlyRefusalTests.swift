import Foundation
import HTTPTypes
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

/// A request whose caller is not known is refused on what can be checked before its body, which is
/// then never read; a signed webhook's body is read under the server's budget of unverified bytes.
@Suite struct EarlyRefusalTests {
    /// A request body that counts the chunks anyone reads from it and, when given a gate, stops after
    /// its first chunk until the gate opens.
    final class Body: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let chunks: [[UInt8]]
        let read = Atomic(0)
        let gate: AsyncStream<Void>?

        init(_ bytes: [UInt8], chunk: Int = 16 * 1024, gate: AsyncStream<Void>? = nil) {
            chunks = stride(from: 0, to: bytes.count, by: chunk).map { Array(bytes[$0..<Swift.min(bytes.count, $0 + chunk)]) }
            self.gate = gate
        }

        struct AsyncIterator: AsyncIteratorProtocol {
            let body: Body
            var next = 0
            var gate: AsyncStream<Void>.AsyncIterator?

            mutating func next() async throws -> ByteBuffer? {
                guard next < body.chunks.count else { return nil }
                if next == 1 { _ = await gate?.next() }
                body.read.add(1, ordering: .relaxed)
                next += 1
                return ByteBuffer(bytes: body.chunks[next - 1])
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self, gate: gate?.makeAsyncIterator()) }
    }

    /// Sends `body` to the router as a streamed request body, as the server hands it on.
    static func send(_ f: ServerFixture, _ path: String, headers: HTTPFields, body: Body, declareLength: Bool = true) async throws -> Response {
        var headers = headers
        if declareLength { headers[.contentLength] = String(body.chunks.reduce(0) { $0 + $1.count }) }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1:8080", path: path, headerFields: headers),
            body: RequestBody(asyncSequence: body))
        let context = ServerContext(source: .init(channel: NIOAsyncTestingChannel(), logger: Logger(label: "test")))
        return try await f.server.buildRouter().buildResponder().respond(to: request, context: context)
    }

    /// A response's body as text.
    static func text(_ response: Response) async throws -> String {
        final class Collected: @unchecked Sendable { var buffer = ByteBuffer() }
        struct Collector: ResponseBodyWriter {
            let into: Collected
            mutating func write(_ buffer: ByteBuffer) async throws {
                var buffer = buffer
                into.buffer.writeBuffer(&buffer)
            }
            consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
        let collected = Collected()
        try await response.body.write(Collector(into: collected))
        return String(buffer: collected.buffer)
    }

    static let payload = Array(repeating: UInt8(ascii: " "), count: 200_000)
    static let signature = HTTPField.Name("X-Hub-Signature-256")!

    @Test func refusedCallersNeverHaveTheirBodyRead() async throws {
        let f = try ServerFixture()
        let stale = ServerFixture.standardWebhooks([], secret: f.writer.standardWebhooksSecret!, id: "m1", seconds: 1_000_000)
        let cases: [(String, HTTPFields, HTTPResponse.Status, String)] = [
            ("/v1/events", [:], .unauthorized, "no credentials"),
            ("/v1/events", [.authorization: "Bearer hs_unknown"], .unauthorized, "unknown or revoked token"),
            ("/v1/events", ServerFixture.bearer(f.reader), .forbidden, "token 'reader' has scope read; this request needs scope write"),
            ("/v1/events", ServerFixture.bearer(f.github), .forbidden, "token 'gh' may only post to /v1/hooks/github"),
            ("/v1/hooks/github", [:], .unauthorized, "no credentials"),
            ("/v1/hooks/nosuch", ServerFixture.bearer(f.writer), .notFound, "unknown webhook format 'nosuch'"),
            ("/v1/hooks/github", [Self.signature: "sha1=abc"], .unauthorized, "malformed signature"),
            ("/v1/hooks/github", [Self.signature: "sha256=" + String(repeating: "z", count: 64)], .unauthorized, "malformed signature"),
            ("/v1/hooks/pagerduty", [HTTPField.Name("X-PagerDuty-Signature")!: "v0=1"], .unauthorized, "malformed signature"),
            ("/v1/hooks/cloudevents", stale, .unauthorized, "webhook-timestamp is more than 5 minutes from the server's clock"),
            ("/v1/hooks/alertmanager", ServerFixture.bearer(f.github), .forbidden, "token 'gh' may only post to /v1/hooks/github"),
        ]
        for (path, headers, status, error) in cases {
            let body = Body(Self.payload)
            let response = try await Self.send(f, path, headers: headers, body: body)
            #expect(response.status == status, "\(path) \(headers)")
            #expect(try await Self.text(response).contains(error), "\(path) \(headers)")
            #expect(body.read.load(ordering: .relaxed) == 0, "\(path) \(headers): the body was read")
        }
        #expect(f.server.bodyBudget.inUse == 0)
    }

    @Test func aHookNoTokenMaySignForIsRefusedBeforeItsBody() async throws {
        let store = try EventStore.inMemory()
        let f = try ServerFixture(store: store)
        for name in ["ci", "reader", "boss"] { try store.revokeToken(name, at: ServerFixture.now) }
        let body = Body(Self.payload)
        let response = try await Self.send(
            f, "/v1/hooks/sentry", headers: [HTTPField.Name("Sentry-Hook-Signature")!: String(repeating: "a", count: 64)], body: body)
        #expect(response.status == .unauthorized)
        #expect(try await Self.text(response).contains("no active token may sign for /v1/hooks/sentry"))
        #expect(body.read.load(ordering: .relaxed) == 0)
    }

    @Test func aReplayedStandardWebhooksMessageIsRefusedBeforeItsBody() async throws {
        let f = try ServerFixture()
        let event = Array(
            #"{"specversion":"1.0","id":"e1","source":"ci","type":"dev.cdevents.service.deployed.0.1.1","time":"2024-07-19T04:00:00Z","data":{}}"#.utf8)
        let seconds = ServerFixture.now.milliseconds / 1000
        let headers = ServerFixture.standardWebhooks(event, secret: f.writer.standardWebhooksSecret!, id: "msg_7", seconds: seconds)
        let first = try await Self.send(f, "/v1/hooks/cloudevents", headers: headers, body: Body(event))
        #expect(first.status != .unauthorized)
        let again = Body(event)
        let replay = try await Self.send(f, "/v1/hooks/cloudevents", headers: headers, body: again)
        #expect(replay.status == .unauthorized)
        #expect(try await Self.text(replay).contains("replayed message"))
        #expect(again.read.load(ordering: .relaxed) == 0)
    }

    @Test func signedBodiesAreReadUnderTheBudgetAndGiveItBackWhenTheirSignatureFails() async throws {
        let f = try ServerFixture { settings in
            settings.bodyLimit = 60_000
            settings.unverifiedBodyBudget = 100_000
        }
        let payload = Array(Self.payload.prefix(60_000))
        let wrong: HTTPFields = [Self.signature: "sha256=" + ServerFixture.hexHMAC(payload, key: "not the secret")]
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let held = Body(payload, gate: gate)
        let first = Task { try await Self.send(f, "/v1/hooks/github", headers: wrong, body: held) }
        // The first body is being read: its declared 60,000 bytes are taken from the budget.
        while f.server.bodyBudget.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(f.server.bodyBudget.inUse == 60_000)

        let second = Body(payload)
        let refused = try await Self.send(f, "/v1/hooks/github", headers: wrong, body: second)
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.headers[HTTPField.Name("Retry-After")!] == "1")
        #expect(second.read.load(ordering: .relaxed) == 0)

        open.yield()
        open.finish()
        let failed = try await first.value
        #expect(failed.status == .unauthorized)
        #expect(f.server.bodyBudget.inUse == 0)

        // Chunked (no length declared): taken chunk by chunk, refused when the next chunk does not fit.
        let big = Body(Self.payload)
        let chunked = try await Self.send(f, "/v1/hooks/github", headers: wrong, body: big, declareLength: false)
        #expect(chunked.status == .serviceUnavailable || chunked.status == .contentTooLarge)
        #expect(big.read.load(ordering: .relaxed) < big.chunks.count)
        #expect(f.server.bodyBudget.inUse == 0)
    }

    @Test func anUnauthenticatedEndlessBodyIsAnsweredAndTheConnectionClosedWithoutReadingIt() async throws {
        let f = try ServerFixture { settings in
            settings.connections.lingerTime = .milliseconds(300)
            settings.connections.lingerBytes = 256 * 1024
        }
        try await f.live { port in
            for path in ["/v1/events", "/v1/hooks/github"] {
                let c = try RawConnection(port: port)
                await c.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Array("10000\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 0x10000) + Array("\r\n".utf8)
                await c.send(chunk)
                let answer = try await c.response()
                #expect(answer.status == 401)
                #expect(answer.headers["connection"] == "close")
                var sent = chunk.count
                let started = Date()
                while Date().timeIntervalSince(started) < 10, await c.send(chunk, seconds: 10) { sent += chunk.count }
                #expect(Date().timeIntervalSince(started) < 10, "the server kept reading \(path)")
                #expect(sent < 32 * 1024 * 1024)
            }
            let text = try await ServerFixture.get("/metrics", port: port).body
            #expect(ServerFixture.metric(text, "hindsight_connections_closed_total", ["reason": "answered_early"]) == 2)
        }
    }
}
