import Foundation
import Hindsight
import Testing

/// `hindsight ingest` at a terminal: progress through every phase (reading with a percentage and the
/// time left, the index builds of a first load, the commit) and a summary with its time and rate;
/// with standard error not a terminal, or with --quiet, nothing of it.
@Suite struct IngestProgressTests {
    @Test func aTerminalSeesEveryPhaseAndTheRate() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let generated = try cli.run(["generate", "--scenario", "bench", "--events", "30000", "-o", "bench.jsonl"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let r = try cli.runOnTerminal(["ingest", "bench.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        // Each redraw starts by going back to the line's start and erasing it.
        let lines = r.stderr.components(separatedBy: "\r\u{1B}[K").filter { !$0.isEmpty }
        let reading = try #require(lines.first { $0.hasPrefix("bench.jsonl: ") && $0.contains(" · 10,000 records · ") }, "\(lines)")
        #expect(reading.firstMatch(of: #/^bench\.jsonl: \d{1,3}% · 10,000 records · [\d,]+ records/s · [\dmsh. ]+ left$/#) != nil, "\(reading)")
        #expect(lines.contains { $0.hasPrefix("bench.jsonl: 30,000 records read; building index 1 of 2 (event_kind_time) · ") })
        #expect(lines.contains { $0.hasPrefix("bench.jsonl: 30,000 records read; building index 2 of 2 (event_service_kind_time) · ") })
        #expect(lines.contains { $0.hasPrefix("bench.jsonl: 30,000 records read; committing · ") })
        #expect(r.stderr.hasSuffix("\r\u{1B}[K"), "the progress line is erased before the summary")
        #expect(
            r.stdout.firstMatch(of: #/^bench\.jsonl: 30,000 read, 30,000 new, 0 already stored in [\dmsh. ]+ \([\d,]+ records/s\)\n$/#) != nil,
            "\(r.stdout)")
    }

    @Test func quietOrNotATerminalAddsNothing() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.run(["generate", "--scenario", "bench", "--events", "20000", "-o", "bench.jsonl"])
        let quiet = try cli.runOnTerminal(["ingest", "--quiet", "bench.jsonl"])
        #expect(quiet.stderr == "")
        #expect(quiet.stdout == "bench.jsonl: 20,000 read, 20,000 new, 0 already stored\n")
        let piped = try cli.run(["ingest", "bench.jsonl"])
        #expect(piped.stderr == "")
        #expect(piped.stdout == "bench.jsonl: 20,000 read, 0 new, 20,000 already stored\n")
    }
}
