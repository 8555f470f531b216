import Foundation
import Hindsight
import HindsightStore
import HindsightTestSupport
import Testing

/// Two `hindsight serve` processes on different ports over one PostgreSQL database, as behind a load
/// balancer: every event posted to either, or redelivered to both at once, is stored once.
@Suite(.serialized) struct TwoServersTests {
    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func twoServersWritingOneDatabaseAtOnceStoreEveryEventOnce() async throws {
        let location = try TestBackend.freshSchemaLocation()
        let keyFolder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: keyFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keyFolder) }
        let keyFile = keyFolder.appendingPathComponent("team.key").path
        let servers = [try ServeProcess(db: location, keyFile: keyFile), try ServeProcess(db: location, keyFile: keyFile)]
        defer { servers.forEach { $0.cleanUp() } }

        let migrated = try servers[0].cli(["migrate"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let created = try servers[0].cli(["token", "create", "load", "--key-file", keyFile])
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(created.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("hs_") })
        for server in servers { try server.start() }
        #expect(servers[0].port != servers[1].port)

        // Each request goes to both servers at the same moment (a retrying sender behind a load
        // balancer); a shared batch of events also goes through every client, to both servers.
        let perRequest = 50, requests = 30, clients = 3
        let answers = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for client in 0..<clients {
                for server in servers {
                    group.addTask {
                        var answers: [(Int, String)] = []
                        for n in 0..<requests {
                            answers.append(try await server.post("/v1/events", token: token,
                                                                 body: Data(ConcurrencyTests.jsonl(prefix: "c\(client)-\(n)", count: perRequest).utf8)))
                            answers.append(try await server.post("/v1/events", token: token,
                                                                 body: Data(ConcurrencyTests.jsonl(prefix: "shared-\(n)", count: perRequest).utf8)))
                        }
                        return answers
                    }
                }
            }
            var all: [(Int, String)] = []
            for try await part in group { all += part }
            return all
        }
        for server in servers { #expect(server.stop() == 0, "graceful shutdown exits 0") }

        #expect(answers.count == clients * servers.count * requests * 2)
        #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers.first { $0.0 != 200 }.map { "\($0.0) \($0.1)" } ?? "")")
        let distinct = (clients + 1) * requests * perRequest
        let newCounts = answers.map { Self.count("new", in: $0.1) }
        let storedCounts = answers.map { Self.count("already_stored", in: $0.1) }
        #expect(newCounts.reduce(0, +) == distinct, "each event was reported new exactly once across both servers")
        #expect(newCounts.reduce(0, +) + storedCounts.reduce(0, +) == answers.count * perRequest)

        let store = try EventStore.open(location: location)
        #expect(try store.totalEvents() == distinct)
        #expect(try store.count(EventFilter(services: ["svc-shared-0"])) == perRequest)
        #expect(try store.count(EventFilter(services: ["svc-c2-29"])) == perRequest)
    }

    /// The integer `"key":N` of a response body; -1 when absent.
    static func count(_ key: String, in body: String) -> Int {
        guard let data = body.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = object[key] as? Int else { return -1 }
        return value
    }
}
