import Foundation
import HindsightServer
import HindsightTestSupport
import Testing

/// A client that hangs up in the middle of its body is counted as a 499 (nginx's "client closed
/// request"), never as a 5xx: server errors stay a sign that the server failed. Nothing of it is stored.
@Suite struct DisconnectTests {
    @Test func aClientHangingUpMidBodyIsA499AndNotA5xx() async throws {
        let f = try ServerFixture()
        let github = Array(try Data(contentsOf: ServerFixture.fixtures.appendingPathComponent("github/deployment_status.json")))
        try await f.live { port in
            let requests: [(String, String, [UInt8])] = [
                ("/v1/events", "Authorization: Bearer \(f.writer.token)\r\nContent-Length: 100000\r\n", Array(repeating: 0x20, count: 1000)),
                ("/v1/events", "Authorization: Bearer \(f.writer.token)\r\nTransfer-Encoding: chunked\r\n", Array("1000\r\n    ".utf8)),
                (
                    "/v1/hooks/github",
                    "X-Hub-Signature-256: sha256=\(ServerFixture.hexHMAC(github, key: f.writer.token))\r\nContent-Length: \(github.count)\r\n",
                    Array(github.prefix(github.count / 2))
                ),
            ]
            for (path, headers, partial) in requests {
                let c = try RawConnection(port: port)
                await c.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\n")
                await c.send(partial)
                try await Task.sleep(for: .milliseconds(100))
                c.hangUp()
            }
            var text = ""
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                text = try await ServerFixture.get("/metrics", port: port).body
                if ServerFixture.metric(text, "hindsight_http_requests_total", ["status": "499"]) >= 3 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["route": "/v1/events", "status": "499"]) == 2)
            #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["status": "499"]) == 3)
            for status in ["500", "502", "503"] {
                #expect(ServerFixture.metric(text, "hindsight_http_requests_total", ["status": status]) == 0)
            }
        }
        #expect(try f.store.totalEvents() == 0)
    }
}
