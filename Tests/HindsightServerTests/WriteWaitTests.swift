import Foundation
import HTTPTypes
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A write that cannot get the store (another process holds SQLite's write lock) is answered 503 with
/// `Retry-After` when its own wait is up, measured on a clock the test moves: however many requests
/// queue behind one another, none waits longer than the documented 8 s.
@Suite struct WriteWaitTests {
    /// A clock that moves only when told.
    final class ManualClock: WaitClock {
        let time = Mutex(Duration.zero)
        var now: Duration { time.withLock { $0 } }
        func pause() { usleep(1000) }
        func set(_ t: Duration) { time.withLock { $0 = t } }
    }

    /// The answers of requests sent so far, by name; absent while waiting.
    final class Answers: Sendable {
        let answers = Mutex<[String: (status: Int, retryAfter: String?)]>([:])
        subscript(_ name: String) -> (status: Int, retryAfter: String?)? { answers.withLock { $0[name] } }
        func set(_ name: String, _ answer: (Int, String?)) { answers.withLock { $0[name] = answer } }

        /// Waits up to `seconds` of real time for the answer of `name`.
        func wait(_ name: String, seconds: Double = 30) async throws -> (status: Int, retryAfter: String?)? {
            let deadline = Date().addingTimeInterval(seconds)
            while self[name] == nil && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            return self[name]
        }
    }

    static func event(_ id: String) -> ByteBuffer {
        ByteBuffer(string: #"{"id":"\#(id)","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}"# + "\n")
    }

    @Test func eachQueuedWriteGets503WhenItsOwnWaitIsUpThenWritesResume() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.db").path
        let store = try EventStore.open(location: path, busyTimeout: HindsightServer.storeBusyTimeout, autoCheckpoint: false, durable: true)
        let clock = ManualClock()
        let f = try ServerFixture(store: store) { settings in settings.waitClock = clock }
        let responder = f.server.buildRouter().buildResponder()
        let answers = Answers()
        func post(_ name: String) {
            Task {
                let request = Request(
                    head: HTTPRequest(
                        method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/events",
                        headerFields: [.authorization: "Bearer \(f.writer.token)"]),
                    body: RequestBody(buffer: Self.event(name)))
                let context = ServerContext(source: .init(channel: NIOAsyncTestingChannel(), logger: Logger(label: "test")))
                let response = try await responder.respond(to: request, context: context)
                answers.set(name, (Int(response.status.code), response.headers[HTTPField.Name("Retry-After")!]))
            }
        }
        /// Waits until `n` writes are queued for the store, then lets the writer try it a few times at the
        /// clock's current time.
        func settle(queued n: Int) async throws {
            let deadline = Date().addingTimeInterval(30)
            while f.server.executor.waitingWrites != n && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(f.server.executor.waitingWrites == n)
            try await Task.sleep(for: .milliseconds(300))
        }

        let lock = try SQLiteWriteLock(path: path)
        post("a")
        try await settle(queued: 1)
        #expect(answers["a"] == nil)

        clock.set(.seconds(4))
        post("b")
        try await settle(queued: 2)
        clock.set(.milliseconds(7_900))
        try await settle(queued: 2)
        #expect(answers["a"] == nil)
        #expect(answers["b"] == nil)

        clock.set(.seconds(8))
        let a = try await answers.wait("a")
        #expect(a?.status == 503)
        #expect(a?.retryAfter != nil)
        try await settle(queued: 1)
        #expect(answers["b"] == nil)

        clock.set(.seconds(12))
        let b = try await answers.wait("b")
        #expect(b?.status == 503)
        #expect(b?.retryAfter != nil)

        try lock.release()
        post("c")
        let c = try await answers.wait("c")
        #expect(c?.status == 200)
        #expect(try store.totalEvents() == 1)
    }
}
