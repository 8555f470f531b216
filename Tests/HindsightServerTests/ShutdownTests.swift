import Foundation
import Testing

@testable import HindsightStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SIGTERM while a request is stuck: new requests get 503, the server exits at its deadline instead of
/// waiting for the request, and nothing it acknowledged is lost.
@Suite struct ShutdownTests {
    @Test func sigtermDuringASlowRequestExitsAtTheDeadline() async throws {
        let serve = try ServeProcess()
        defer { serve.cleanUp() }
        let token = try serve.createToken(["load", "--scope", "write"])
        // A margin for a server slowed several times over by the Thread Sanitizer: the 3 s deadline keeps the server
        // draining when the request 200 ms after SIGTERM comes. With 1 s the server once refused it.
        try serve.start(["--shutdown-timeout", "3s", "--open-read"])
        let acknowledged = try await serve.post(
            "/v1/events", token: token, body: Data(#"{"id":"before","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}"#.utf8))
        #expect(acknowledged.0 == 200)

        // Another process holds the store's write lock, so the next ingest waits for it (up to the server's 8 s). It
        // holds it until the server has gone (or a minute has passed, however slow the machine), so the slow request
        // can never be stored before the server exits.
        let holder = try EventStore.open(path: serve.db)
        let release = Date().addingTimeInterval(60)
        let holding = DispatchSemaphore(value: 0)
        let held = Thread {
            _ = try? holder.write { s in
                try s.execute("DELETE FROM incident_mark WHERE 0 = 1")
                holding.signal()
                while Date() < release && serve.process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
        held.start()
        #expect(holding.wait(timeout: .now() + 30) == .success, "the other process holds the write lock")
        async let slow = try? serve.post(
            "/v1/events", token: token, body: Data(#"{"id":"during","time":"2024-07-19T04:01:00Z","kind":"deploy","service":"api"}"#.utf8))
        // SIGTERM once the server is answering it (an idle server exits at once): /metrics counts it beside itself.
        let reached = Date().addingTimeInterval(30)
        var answering = false
        while !answering && Date() < reached {
            let metrics = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(serve.port)/metrics")!).0
            let line = String(decoding: metrics, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("hindsight_requests_in_flight ") }
            answering = (line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) >= 2
            if !answering { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(answering, "the slow request reached the server")
        kill(serve.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(200))
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(serve.port)/healthz")!)
        request.timeoutInterval = 5
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 503, "a new request while draining")

        let exited = Date().addingTimeInterval(40)
        while serve.process.isRunning && Date() < exited { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!serve.process.isRunning, "the server exited while the slow request was still waiting")
        #expect(Date() < release, "before the lock was released")
        let slowStatus = await slow?.0
        #expect(slowStatus.map { !(200..<300).contains($0) } ?? true, "the cut-off request got no 2xx")
        let store = try EventStore.open(path: serve.db)
        #expect(try store.event(id: "before") != nil, "the acknowledged event is stored")
    }
}
