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
        defer { for server in servers { server.cleanUp() } }

        let migrated = try servers[0].cli(["migrate"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let token = try servers[0].createToken(["load", "--scope", "write", "--key-file", keyFile])
        for server in servers { try server.start() }
        #expect(servers[0].port != servers[1].port)

        // Each request goes to both servers at the same moment (a retrying sender behind a load
        // balancer); a shared batch of events also goes through every client, to both servers.
        let perRequest = 50
        let requests = 30
        let clients = 3
        let answers = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for client in 0..<clients {
                for server in servers {
                    group.addTask {
                        var answers: [(Int, String)] = []
                        for n in 0..<requests {
                            answers.append(
                                try await server.post(
                                    "/v1/events", token: token,
                                    body: Data(ConcurrencyTests.jsonl(prefix: "c\(client)-\(n)", count: perRequest).utf8)))
                            answers.append(
                                try await server.post(
                                    "/v1/events", token: token,
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
        let newCounts = answers.map { jsonObject($0.1)["new"] as? Int ?? -1 }
        let storedCounts = answers.map { jsonObject($0.1)["already_stored"] as? Int ?? -1 }
        #expect(newCounts.reduce(0, +) == distinct, "each event was reported new exactly once across both servers")
        #expect(newCounts.reduce(0, +) + storedCounts.reduce(0, +) == answers.count * perRequest)

        let store = try EventStore.open(location: location)
        #expect(try store.totalEvents() == distinct)
        #expect(try store.count(EventFilter(services: ["svc-shared-0"])) == perRequest)
        #expect(try store.count(EventFilter(services: ["svc-c2-29"])) == perRequest)
    }
}
