import Foundation
import Hindsight
import HindsightFormats
import HindsightStore

/// The PostgreSQL backend beside SQLite: `hindsight ingest` of the benchmark's events against
/// PostgreSQL's own `COPY` of the same rows as CSV into the same schema (its own, freshly migrated,
/// same columns, same NULLs), "changes before X" on the loaded store, and the incident at scale. The ingest
/// runs twice: once as `hindsight ingest` (end to end), once in this process into a third schema to time its
/// phases, since only the rows' storing does what `COPY` does: the incident summaries come after the commit.
struct PostgresBench {
    var options: BenchOptions
    var url: String

    func location(schema: String) -> String { url + (url.contains("?") ? "&" : "?") + "schema=" + schema }

    func run() throws -> [String] {
        let dir = options.dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let n = options.events
        let stamp = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let hindsightStore = location(schema: "bench_h_\(stamp)")
        let copyStore = location(schema: "bench_copy_\(stamp)")
        let phasedStore = location(schema: "bench_p_\(stamp)")
        let jsonl = "\(dir)/pg-events-\(n).jsonl"
        let csv = "\(dir)/pg-events-\(n).csv"
        let pgCSV = "\(dir)/pg-events-\(n).pg.csv"
        let out = "\(dir)/pg.out"
        defer { for f in [jsonl, csv, pgCSV, out] { try? FileManager.default.removeItem(atPath: f) } }

        log("postgres: generating \(grouped(n)) events …")
        let data = try GeneratedData.write(count: n, seed: options.seed, jsonlPath: jsonl, csvPath: csv)
        try Self.dropSeqColumn(from: csv, to: pgCSV)
        for store in [hindsightStore, phasedStore, copyStore] {
            try expect(try ChildProcess.run([options.hindsight, "migrate", "--db", store], outputPath: out), "hindsight migrate", out)
        }

        log("postgres: hindsight ingest …")
        let ingest = try ChildProcess.run([options.hindsight, "ingest", "--quiet", "--db", hindsightStore, jsonl], outputPath: out)
        try expect(ingest, "hindsight ingest", out)

        log("postgres: the same ingest, timed by phase …")
        let phased = try Self.phasedIngest(jsonl, into: phasedStore)

        log("postgres: COPY of the same rows …")
        let columns = ReferenceCSV.insertColumns.joined(separator: ",")
        let copy = try ChildProcess.run(
            [
                "psql", "-v", "ON_ERROR_STOP=1", "-q", url, "-c", "SET search_path TO bench_copy_\(stamp)",
                "-c", "\\copy event (\(columns)) FROM '\(pgCSV)' WITH (FORMAT csv, HEADER true)",
            ], outputPath: out)
        try expect(copy, "psql \\copy", out)

        let counted = try [hindsightStore, copyStore].map { store -> Int in
            let run = try ChildProcess.run([options.hindsight, "events", "--db", store, "--limit", "1"], outputPath: out)
            try expect(run, "hindsight events", out)
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            // "(1 of N shown; …)"
            guard let range = text.range(of: #"of [0-9]+ shown"#, options: .regularExpression) else { return -1 }
            return Int(text[range].dropFirst(3).dropLast(6)) ?? -1
        }
        guard counted == [n, n] else { throw ChildProcess.Failure(description: "postgres stores hold \(counted) events, not \(n) each") }

        log("postgres: changes before X …")
        let (latency, perQuery) = try Benchmark(options: options).queryLatency(hindsightStore, data: data)

        var lines = [
            "PostgreSQL (\(url.split(separator: "@").last ?? ""), schema per run), \(grouped(n)) events:",
            "  hindsight ingest      \(seconds(ingest.seconds)) wall, \(seconds(ingest.cpuSeconds)) CPU of hindsight, "
                + "\(perSecond(Double(n) / ingest.seconds)), peak \(mb(ingest.peakBytes))",
            "  COPY (reference)      \(seconds(copy.seconds)) wall, \(perSecond(Double(n) / copy.seconds))",
            "  ingest / COPY         \(String(format: "%.2f×", ingest.seconds / copy.seconds)) the reference's time",
            "  its rows, committed   \(seconds(phased.rows)) wall, \(perSecond(Double(n) / phased.rows)): "
                + "\(String(format: "%.2f×", copy.seconds / phased.rows)) the reference's speed (target ≥ 0.80×: "
                + "\(copy.seconds / phased.rows >= 0.8 ? "PASS" : "SHORT"))",
            "  then its summaries    \(seconds(phased.summaryTime)) wall for \(grouped(phased.summaries)) incidents, "
                + "\(millis(phased.summaryTime / Double(max(phased.summaries, 1)))) each",
            "  changes before X      median \(millis(latency.median)), p99 \(millis(latency.percentile(99))), "
                + "\(String(format: "%.1f", perQuery)) changes per answer (\(options.queries) queries; target < 2 ms at 10M: "
                + "\(latency.median < 0.002 ? "PASS" : "SHORT") at \(grouped(n)))",
        ]
        if options.incidentStore > 0 {
            log("postgres: the incident at scale …")
            let crashes = 1_000_000
            let scale = IncidentScaleBench(
                hindsight: options.hindsight, dir: dir, background: options.incidentStore - 2 * crashes,
                crashes: crashes, seed: options.seed, keep: options.keep, store: location(schema: "bench_inc_\(stamp)"))
            lines += ["PostgreSQL, the incident at scale (target: analyze < 2 s):"] + (try scale.run())
        }
        return lines
    }

    /// The reference CSV without its first column (`seq`, which PostgreSQL generates): a byte
    /// scanner that respects quoted cells, so a line break inside a quoted value stays in its row.
    static func dropSeqColumn(from source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw ChildProcess.Failure(description: "cannot read \(source)") }
        FileManager.default.createFile(atPath: destination, contents: nil)
        guard let output = FileHandle(forWritingAtPath: destination) else { throw ChildProcess.Failure(description: "cannot write \(destination)") }
        defer {
            try? input.close()
            try? output.close()
        }
        var atRecordStart = true
        var skipping = false
        var quoted = false
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            for b in chunk {
                if atRecordStart {
                    skipping = true
                    atRecordStart = false
                }
                if skipping {
                    if b == 0x2C { skipping = false }
                    continue
                }
                if b == 0x22 { quoted.toggle() }
                buffer.append(b)
                if b == 0x0A && !quoted { atRecordStart = true }
            }
            output.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Ingests `path` in this process into the empty, migrated store at `location`: the time until its rows are
    /// committed, then the time its incident summaries take, and how many.
    static func phasedIngest(_ path: String, into location: String) throws -> (rows: Double, summaryTime: Double, summaries: Int) {
        let store = try EventStore.open(location: location)
        let start = monotonicSeconds()
        var committed: Double?
        let report = try store.ingest(try ByteInput(path: path)) { progress in
            if case .summaries = progress.phase, committed == nil { committed = monotonicSeconds() }
        }
        let end = monotonicSeconds()
        guard report.committed else { throw ChildProcess.Failure(description: "the phased ingest of \(path) was not committed: \(report.summary)") }
        return ((committed ?? end) - start, end - (committed ?? end), report.summaries)
    }

    func expect(_ run: ChildProcess.Run, _ what: String, _ output: String) throws {
        guard run.exitStatus == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw ChildProcess.Failure(description: "\(what) failed (status \(run.exitStatus)): \(text.suffix(800))")
        }
    }

    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }
}
