import Foundation
import HindsightServer
import HindsightTestSupport
import Testing

/// Clients that send slowly, or not at all, are disconnected at their timeouts on a real loopback
/// listener, while `/healthz` keeps answering; at the connection cap the slow make way, and the
/// reserve still answers `/healthz` when every connection is busy.
@Suite struct SlowClientTests {
    /// One-second timeouts, so each test takes a second or two.
    static func fixture(_ configure: (inout ConnectionLimits) -> Void = { _ in }) throws -> ServerFixture {
        try ServerFixture { settings in
            settings.connections.headerTimeout = .seconds(1)
            settings.connections.idleTimeout = .seconds(1)
            settings.connections.bodyTimeout = .seconds(1)
            settings.connections.minBodyRate = 1000
            settings.connections.lingerTime = .milliseconds(300)
            configure(&settings.connections)
        }
    }

    static func metrics(_ port: Int) async throws -> String { try await ServerFixture.get("/metrics", port: port).body }

    @Test func aHeaderSentAByteAtATimeIsCutAtTheHeaderTimeoutWhileHealthzAnswers() async throws {
        let f = try Self.fixture()
        try await f.live { port in
            let slow = try RawConnection(port: port)
            let head = Array("GET /v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
            var sent = 0
            let started = Date()
            // A byte every 50 ms: each resets an idle timer, never the header timeout.
            while sent < head.count && slow.isOpen {
                await slow.send([head[sent]])
                sent += 1
                if sent == 4 {
                    let health = try await ServerFixture.get("/healthz", port: port)
                    #expect(health.status == 200)
                    #expect(health.body.contains("\"status\":\"ok\""))
                }
                try await Task.sleep(for: .milliseconds(50))
                if Date().timeIntervalSince(started) > 5 { break }
            }
            #expect(await slow.waitForClose(seconds: 3))
            let held = Date().timeIntervalSince(started)
            #expect(held >= 0.95)
            #expect(held < 4)
            #expect(sent < head.count)
            #expect(slow.received.isEmpty)
            #expect(ServerFixture.metric(try await Self.metrics(port), "hindsight_connections_closed_total", ["reason": "header_timeout"]) == 1)
        }
    }

    @Test func aConnectionThatNeverSendsIsCutAndAKeptAliveOneIsClosedWhenIdle() async throws {
        let f = try Self.fixture()
        try await f.live { port in
            let silent = try RawConnection(port: port)
            let kept = try RawConnection(port: port)
            await kept.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let first = try await kept.response()
            #expect(first.status == 200)
            #expect(first.headers["connection"] != "close")
            #expect(kept.isOpen)
            #expect(silent.isOpen)
            #expect(await silent.waitForClose(seconds: 3))
            #expect(await kept.waitForClose(seconds: 3))
            let text = try await Self.metrics(port)
            #expect(ServerFixture.metric(text, "hindsight_connections_closed_total", ["reason": "header_timeout"]) == 1)
            #expect(ServerFixture.metric(text, "hindsight_connections_closed_total", ["reason": "idle_timeout"]) == 1)
        }
    }

    @Test func aBodyThatStallsIsCutAt408AndNothingIsStored() async throws {
        let f = try Self.fixture()
        let body = Array(String(repeating: " ", count: 2000).utf8)
        try await f.live { port in
            let c = try RawConnection(port: port)
            await c.send(
                "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(f.writer.token)\r\n"
                    + "Content-Type: application/x-ndjson\r\nContent-Length: \(body.count)\r\n\r\n")
            await c.send(Array(body.prefix(100)))
            #expect(await c.waitForClose(seconds: 3))
            try await Task.sleep(for: .milliseconds(100))
            let text = try await Self.metrics(port)
            #expect(ServerFixture.metric(text, "hindsight_connections_closed_total", ["reason": "body_timeout"]) == 1)
            #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["route": "/v1/events", "status": "408"]) == 1)
            #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["status": "500"]) == 0)
        }
        #expect(try f.store.totalEvents() == 0)
    }

    @Test func aBodyThatTricklesBelowTheMinimumRateIsCutThoughItNeverPausesLong() async throws {
        let f = try Self.fixture()
        try await f.live { port in
            let c = try RawConnection(port: port)
            await c.send(
                "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(f.writer.token)\r\n"
                    + "Content-Length: 100000\r\n\r\n")
            // 20 bytes every 100 ms: 200 bytes/s, a fifth of the minimum, with no pause near the 1 s timeout.
            let started = Date()
            while c.isOpen && Date().timeIntervalSince(started) < 10 {
                await c.send(Array(repeating: UInt8(ascii: " "), count: 20))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!c.isOpen)
            #expect(Date().timeIntervalSince(started) < 5)
            try await Task.sleep(for: .milliseconds(100))
            let text = try await Self.metrics(port)
            #expect(ServerFixture.metric(text, "hindsight_connections_closed_total", ["reason": "body_too_slow"]) == 1)
            #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["status": "408"]) == 1)
        }
    }

    @Test func aBodyAtTheMinimumRateIsRead() async throws {
        let f = try Self.fixture()
        let line = Array(#"{"id":"d-1","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}"#.utf8) + [0x0A]
        let body = line + Array(repeating: UInt8(ascii: " "), count: 3000 - line.count)
        try await f.live { port in
            let c = try RawConnection(port: port)
            await c.send(
                "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(f.writer.token)\r\n"
                    + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n")
            // Twice the minimum rate (2,000 bytes/s) by the clock, however late a sleep wakes on a busy
            // machine, for 1.5 s, longer than the body timeout.
            let started = Date()
            var sent = 0
            while sent < body.count {
                let due = min(body.count, max(sent + 1, Int(Date().timeIntervalSince(started) * 2000) + 100))
                await c.send(Array(body[sent..<due]))
                sent = due
                try await Task.sleep(for: .milliseconds(50))
            }
            let answer = try await c.response(seconds: 30)
            #expect(answer.status == 200)
            #expect(answer.body.contains("\"new\":1"))
        }
        #expect(try f.store.totalEvents() == 1)
    }

    @Test func atTheCapTheLongestWaitingMakesWayAndHealthzAndReadsAnswer() async throws {
        let f = try Self.fixture { limits in
            limits.maxConnections = 4
            limits.reserved = 1
            limits.headerTimeout = .seconds(30)
        }
        try await f.live { port in
            var silent: [RawConnection] = []
            for _ in 0..<10 {
                silent.append(try RawConnection(port: port))
                try await Task.sleep(for: .milliseconds(20))
            }
            // The six oldest made way for the four newest, long before the header timeout.
            try await Task.sleep(for: .milliseconds(200))
            #expect(silent.prefix(6).allSatisfy { !$0.isOpen })
            #expect(silent.suffix(4).allSatisfy { $0.isOpen })
            let health = try await ServerFixture.get("/healthz", port: port)
            #expect(health.status == 200)
            let read = try await ServerFixture.get("/v1/incidents", port: port, headers: ["Authorization": "Bearer \(f.reader.token)"])
            #expect(read.status == 200)
            #expect(ServerFixture.metric(try await Self.metrics(port), "hindsight_connections_closed_total", ["reason": "evicted"]) >= 7)
        }
    }

    @Test func whenEveryConnectionIsMidRequestTheReserveAnswersOnlyHealthz() async throws {
        let f = try Self.fixture { limits in
            limits.maxConnections = 2
            limits.reserved = 2
            limits.bodyTimeout = .seconds(30)
        }
        try await f.live { port in
            // Two uploads under way hold both regular slots; they cannot be made to wait for a head.
            var uploads: [RawConnection] = []
            for _ in 0..<2 {
                let c = try RawConnection(port: port)
                await c.send(
                    "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(f.writer.token)\r\n"
                        + "Content-Length: 100000\r\n\r\n[")
                uploads.append(c)
            }
            try await Task.sleep(for: .milliseconds(200))
            let health = try await ServerFixture.get("/healthz", port: port)
            #expect(health.status == 200)
            #expect(health.headers["connection"] == "close")
            let read = try await ServerFixture.get("/v1/incidents", port: port, headers: ["Authorization": "Bearer \(f.reader.token)"])
            #expect(read.status == 503)
            #expect(read.headers["retry-after"] == "1")
            #expect(read.body.contains("connection limit"))
            #expect(uploads.allSatisfy { $0.isOpen })
        }
    }
}
