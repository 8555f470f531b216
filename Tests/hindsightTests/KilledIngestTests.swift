import Foundation
import Hindsight
import Testing

/// A process killed in the middle of an ingest leaves the store as it was; running the same
/// command again stores every event once.
@Suite struct KilledIngestTests {
    /// Events in the store, read from `events --limit 1`'s "(1 of N shown …)" line.
    static func stored(_ cli: CLI) throws -> Int {
        let r = try cli.run(["events", "--limit", "1"])
        // Killed before it opened the store: there is none, and reading creates none.
        if r.stderr.contains("no Hindsight store at") { return 0 }
        #expect(r.status == 0, "\(r.stderr)")
        if r.stdout.contains("No events match.") { return 0 }
        guard let range = r.stdout.range(of: #"\(1 of (\d+) shown"#, options: .regularExpression) else { return 1 }
        return Int(r.stdout[range].dropFirst(6).prefix { $0.isNumber }) ?? -1
    }

    @Test func killedIngestLeavesNothingHalfDoneAndARerunCompletesIt() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let n = 60_000
        let generated = try cli.run(["generate", "--scenario", "bench", "--events", String(n), "-o", cli.path("big.jsonl")])
        #expect(generated.status == 0, "\(generated.stderr)")

        let process = Process()
        process.executableURL = try CLI.binary()
        process.arguments = ["ingest", "--quiet", "big.jsonl"]
        process.currentDirectoryURL = cli.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let afterKill = try Self.stored(cli)
        #expect(afterKill == 0 || afterKill == n, "a killed ingest left \(afterKill) of \(n) events")

        let rerun = try cli.run(["ingest", "--quiet", "big.jsonl"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let counts = [n, n - afterKill, afterKill].map(Formatting.thousands)
        #expect(rerun.stdout.contains("\(counts[0]) read, \(counts[1]) new, \(counts[2]) already stored"), "\(rerun.stdout)")
        #expect(try Self.stored(cli) == n)
    }
}
