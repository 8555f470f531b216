import Foundation
import Hindsight
import HindsightStore
import Testing

/// N writers on one store file at once, CLI and HTTP: every one succeeds, nothing lost, nothing twice.
@Suite(.serialized) struct ConcurrencyTests {
    static func jsonl(prefix: String, count: Int) -> String {
        (0..<count).map { i in
            #"{"id":"\#(prefix)-\#(i)","time":"2024-07-19T04:\#(String(format: "%02d", i % 60)):00Z","kind":"crash","service":"svc-\#(prefix)","host":"h\#(i % 97)"}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func fourCLIIngestsAndFourHTTPClientsAtOnceStoreEveryEventOnce() async throws {
        let serve = try ServeProcess()
        defer { serve.cleanUp() }
        let token = try serve.createToken(["load", "--scope", "write"])
        try serve.start()

        let perFile = 20_000
        let perRequest = 50
        let requests = 40
        var files: [String] = []
        for i in 0..<4 {
            let path = serve.folder.appendingPathComponent("cli-\(i).jsonl").path
            try Self.jsonl(prefix: "cli\(i)", count: perFile).write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for file in files {
                group.addTask {
                    let r = try serve.cli(["ingest", "--quiet", file])
                    return "cli \(r.status) \(r.stdout)\(r.stderr)"
                }
            }
            for client in 0..<4 {
                group.addTask {
                    var statuses: [Int] = []
                    for n in 0..<requests {
                        let body = Self.jsonl(prefix: "http\(client)-\(n)", count: perRequest)
                        // A redelivery of every request, too: stored once. A 503 (the store's write lock held by a CLI
                        // ingest longer than the server's wait, as on a machine slowed by the Thread Sanitizer) says
                        // nothing was stored and to retry, so the client retries it, as a producer does.
                        for _ in 0..<2 {
                            var status = 503
                            for attempt in 0..<30 where status == 503 {
                                if attempt > 0 { try await Task.sleep(for: .milliseconds(500)) }
                                status = try await serve.post("/v1/events", token: token, body: Data(body.utf8)).0
                            }
                            statuses.append(status)
                        }
                    }
                    return "http " + Set(statuses).sorted().map(String.init).joined(separator: ",")
                }
            }
            var all: [String] = []
            for try await r in group { all.append(r) }
            return all
        }
        for r in results where r.hasPrefix("cli") {
            #expect(r.hasPrefix("cli 0 "), "\(r)")
            #expect(r.contains("\(Formatting.thousands(perFile)) new"), "\(r)")
        }
        for r in results where r.hasPrefix("http") { #expect(r == "http 200", "\(r)") }
        #expect(serve.stop() == 0, "graceful shutdown exits 0")

        let store = try EventStore.open(path: serve.db)
        #expect(try store.totalEvents() == 4 * perFile + 4 * requests * perRequest)
        #expect(try store.count(EventFilter(services: ["svc-cli0"])) == perFile)
    }

    @Test func everyEventThatGotA2xxBeforeSIGTERMIsStored() async throws {
        let serve = try ServeProcess()
        defer { serve.cleanUp() }
        let token = try serve.createToken(["load", "--scope", "write"])
        try serve.start()
        // Four clients post until the server goes away; SIGTERM lands while requests are in flight.
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in 0..<4 {
                group.addTask {
                    var ok: [String] = []
                    for n in 0..<10_000 {
                        let prefix = "stop\(client)-\(n)"
                        guard let (status, _) = try? await serve.post("/v1/events", token: token, body: Data(Self.jsonl(prefix: prefix, count: 20).utf8)) else {
                            break
                        }
                        if (200..<300).contains(status) { ok.append(prefix) }
                    }
                    return ok
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(700))
                kill(serve.process.processIdentifier, SIGTERM)
                return []
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        serve.process.waitUntilExit()
        #expect(serve.process.terminationStatus == 0)
        #expect(acknowledged.count > 4, "requests were answered before the stop (\(acknowledged.count))")
        let store = try EventStore.open(path: serve.db)
        var missing: [String] = []
        for prefix in acknowledged where try store.count(EventFilter(services: ["svc-\(prefix)"])) != 20 { missing.append(prefix) }
        #expect(missing.isEmpty, "acknowledged but not stored: \(missing.prefix(5))")
    }
}
