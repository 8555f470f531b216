import Foundation
import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightStore

/// The ingest section: generate the data, time decoding alone and Hindsight's ingest against
/// what a user can do with the engine's own tools (`IngestReference`), into the same schema with
/// the same NULLs; check memory stays flat; time "changes before X".
struct Benchmark {
    let options: BenchOptions

    /// A figure of the final table, with its target when it has one.
    struct Row {
        var figure: String
        var value: String
        var target = ""
        var result = ""
    }

    func run() throws {
        let fm = FileManager.default
        let dir = options.dir
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let n = options.events
        let small = n / 10
        let hindsightDB = "\(dir)/hindsight-\(n).db"
        let smallDB = "\(dir)/hindsight-\(small).db"
        let databases = [hindsightDB, smallDB]
        var scratch = ["\(dir)/hindsight.out", "\(dir)/sqlite3.out"]
        defer {
            for db in databases { removeDatabase(db) }
            for f in scratch { try? fm.removeItem(atPath: f) }
        }
        for db in databases { removeDatabase(db) }

        log("generating \(grouped(n)) + \(grouped(small)) events (seed \(options.seed)) in \(dir)/ …")
        let big = try GeneratedData.write(
            count: n, seed: options.seed, jsonlPath: "\(dir)/events-\(n).jsonl", csvPath: "\(dir)/events-\(n).csv")
        let tenth = try GeneratedData.write(count: small, seed: options.seed, jsonlPath: "\(dir)/events-\(small).jsonl", csvPath: nil)
        if !options.keep { scratch += [big.jsonlPath, big.csvPath!, tenth.jsonlPath] }
        log(
            "  \(mb(big.jsonlBytes)) JSONL, \(mb(big.csvBytes)) CSV, \(big.services.count) services, "
                + "\(big.first.rfc3339) … \(big.last.rfc3339), in \(seconds(big.seconds))")

        // Decoding alone on one core: this thread reads and decodes every line, no store.
        log("decode only, one core, no store …")
        let decode = try Self.decodeOnly(big.jsonlPath)

        log("hindsight ingest of the JSONL into an empty store …")
        let ingest = try ChildProcess.run([options.hindsight, "ingest", "--quiet", "--db", hindsightDB, big.jsonlPath], outputPath: scratch[0])
        try expectSuccess(ingest, "hindsight ingest", output: scratch[0])
        let summary = (try? String(contentsOfFile: scratch[0], encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

        log("hindsight ingest of \(grouped(small)) events …")
        let ingestSmall = try ChildProcess.run([options.hindsight, "ingest", "--quiet", "--db", smallDB, tenth.jsonlPath], outputPath: scratch[0])
        try expectSuccess(ingestSmall, "hindsight ingest (N/10)", output: scratch[0])

        let shape = try StoreShape.of(hindsightDB, options: options)
        guard shape.rows == n else { throw ChildProcess.Failure(description: "hindsight stored \(shape.rows) events of \(n)") }

        let hindsightRate = Double(n) / ingest.seconds
        var referenceRows: [Row] = []
        for reference in IngestReference.allCases {
            let db = "\(dir)/reference-\(reference.rawValue.prefix(6).filter(\.isLetter))-\(n).db"
            removeDatabase(db)
            defer { removeDatabase(db) }
            // The reference gets the store's own schema: the migrations create its table and indexes.
            do { _ = try EventStore.open(path: db) }
            try checkReferenceColumns(db)
            log("\(reference.rawValue) …")
            let run = try reference.run(database: db, jsonl: big.jsonlPath, csv: big.csvPath!, options: options, output: scratch[1])
            try expectSuccess(run, reference.rawValue, output: scratch[1])
            // Before any figure: the reference stored the same rows with the same NULLs.
            let referenceShape = try StoreShape.of(db, options: options)
            guard referenceShape == shape else {
                throw ChildProcess.Failure(
                    description: "\(reference.rawValue) stored other rows than hindsight:\n  reference: \(referenceShape)\n  hindsight: \(shape)")
            }
            let ratio = hindsightRate / (Double(n) / run.seconds)
            let target = reference == .sqliteStaged ? 2.0 : 1.0
            referenceRows += [
                Row(
                    figure: reference.rawValue,
                    value: "\(perSecond(Double(n) / run.seconds)) (\(seconds(run.seconds)), \(seconds(run.cpuSeconds)) CPU), \(mb(run.peakBytes)) peak"),
                Row(
                    figure: "  hindsight / this reference", value: String(format: "%.2f×", ratio),
                    target: String(format: "≥ %.1f×", target), result: verdict(ratio >= target)),
            ]
        }

        log("\(grouped(options.queries)) × changes(before: X, window: 24h, services: 3 random) …")
        let (latency, meanResults) = try queryLatency(hindsightDB, data: big)

        let decodeRate = Double(decode.events) / decode.cpuSeconds
        let peakRatio = Double(ingest.peakBytes) / Double(max(ingestSmall.peakBytes, 1))
        let growth = ingest.peakBytes - ingestSmall.peakBytes
        let rows =
            [
                Row(
                    figure: "decode only, one core, no store (CPU time)",
                    value: "\(perSecond(decodeRate)) (\(seconds(decode.cpuSeconds)) CPU, \(seconds(decode.seconds)) wall)",
                    target: "≥ 500,000 events/s", result: verdict(decodeRate >= 500_000)),
                Row(
                    figure: "hindsight ingest, \(grouped(n)) events (JSONL), empty store",
                    value: "\(perSecond(hindsightRate)) (\(seconds(ingest.seconds)), \(seconds(ingest.cpuSeconds)) CPU), \(mb(ingest.peakBytes)) peak"),
            ] + referenceRows + [
                Row(figure: "peak memory, hindsight ingest of \(grouped(small))", value: mb(ingestSmall.peakBytes)),
                Row(
                    figure: "peak memory growth over 10× the events", value: "\(mb(growth)) (\(String(format: "%.2f×", peakRatio)))",
                    target: "≤ 64 MiB page cache", result: verdict(growth <= Self.pageCacheBytes)),
                Row(figure: "changes before X: median", value: millis(latency.median), target: "< 1 ms", result: verdict(latency.median < 0.001)),
                Row(figure: "changes before X: p90", value: millis(latency.percentile(90))),
                Row(figure: "changes before X: p99", value: millis(latency.percentile(99))),
                Row(figure: "changes before X: max", value: millis(latency.percentile(100))),
                Row(figure: "changes before X: mean changes returned", value: String(format: "%.1f", meanResults)),
            ]
        print("")
        print("Hindsight benchmark — \(grouped(n)) events, \(big.services.count) services, seed \(options.seed)")
        print("hindsight: \(summary)")
        print("every store checked before the figures: \(shape)")
        print("")
        print(render(rows))
        print("")
        print("References ran with the store's schema and pragmas (synchronous=NORMAL, cache 64 MiB) in one transaction, absent values NULL;")
        print("sqlite3 \(sqliteVersion()). Memory is flat when the growth stays within the page cache, which a run under ~200,000 events does not fill.")
    }

    /// Reads and decodes every line of `path` on this thread: the decoder's speed on one core.
    static func decodeOnly(_ path: String) throws -> (events: Int, seconds: Double, cpuSeconds: Double) {
        let input = try ByteInput(path: path)
        var events = 0
        let start = monotonicSeconds()
        let cpuStart = cpuSeconds()
        var more = true
        while more {
            more =
                try input.nextLine { (line: UnsafeBufferPointer<UInt8>) -> Void in
                    if case .event = NativeJSONDecoder.record(from: line, at: SourceLocation(file: path, line: input.lineNumber)) { events += 1 }
                } != nil
        }
        return (events, monotonicSeconds() - start, cpuSeconds() - cpuStart)
    }

    /// Decoding alone, as its own section: how fast one core reads native JSON Lines.
    func runDecodeOnly() throws {
        try FileManager.default.createDirectory(atPath: options.dir, withIntermediateDirectories: true)
        let path = "\(options.dir)/decode-\(options.events).jsonl"
        defer { if !options.keep { try? FileManager.default.removeItem(atPath: path) } }
        let data = try GeneratedData.write(count: options.events, seed: options.seed, jsonlPath: path, csvPath: nil)
        let decode = try Self.decodeOnly(path)
        print(
            "decode only, one core, \(grouped(decode.events)) of \(grouped(data.events)) events: "
                + "\(perSecond(Double(decode.events) / decode.cpuSeconds)) of CPU time, \(perSecond(Double(decode.events) / decode.seconds)) wall")
    }

    /// The store's SQLite page cache (`cache_size = -65536`): it fills as the database grows
    /// past it, so a small run may not reach it; anything beyond it growing with N is not streaming.
    static let pageCacheBytes = 64 * 1_048_576

    /// Times `changes(before:)` in this process; the first 50 queries warm the cache and are not counted.
    func queryLatency(_ path: String, data: GeneratedData) throws -> (Latency, Double) {
        let store = try EventStore.open(location: path)
        var random = SeededRandom(seed: options.seed &+ 7)
        let span = Double(data.last.milliseconds - data.first.milliseconds)
        var samples: [Double] = []
        var results = 0
        let warmup = 50
        for q in 0..<(warmup + options.queries) {
            let x = Timestamp(milliseconds: data.first.milliseconds + Int64(random.unit() * span))
            var services: [String] = []
            while services.count < min(3, data.services.count) {
                let s = data.services[Int(random.next() % UInt64(data.services.count))]
                if !services.contains(s) { services.append(s) }
            }
            let start = monotonicSeconds()
            let changes = try store.changes(before: x, window: .hours(24), services: services)
            let elapsed = monotonicSeconds() - start
            if q >= warmup {
                samples.append(elapsed)
                results += changes.count
            }
        }
        return (Latency(samples), Double(results) / Double(options.queries))
    }

    /// The references write the columns `ReferenceCSV` names: they must be the table's, all of them.
    func checkReferenceColumns(_ db: String) throws {
        let out = "\(options.dir)/columns.out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try ChildProcess.run([options.sqlite3, db, "SELECT group_concat(name, ',') FROM pragma_table_info('event')"], outputPath: out)
        try expectSuccess(run, "sqlite3", output: out)
        let columns = (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard columns == ReferenceCSV.columns.joined(separator: ",") else {
            throw ChildProcess.Failure(description: "the event table's columns are now \(columns); update ReferenceCSV to match Schema")
        }
    }

    func expectSuccess(_ run: ChildProcess.Run, _ what: String, output: String) throws {
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard run.exitStatus == 0, !text.contains("Error") else {
            throw ChildProcess.Failure(description: "\(what) failed (exit \(run.exitStatus)): \(text.prefix(2000))")
        }
    }

    func sqliteVersion() -> String {
        let out = "\(options.dir)/version.out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        guard (try? ChildProcess.run([options.sqlite3, "--version"], outputPath: out)) != nil,
            let text = try? String(contentsOfFile: out, encoding: .utf8)
        else { return "?" }
        return String(text.split(separator: " ").first ?? "?")
    }

    func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func render(_ rows: [Row]) -> String {
        let header = Row(figure: "figure", value: "value", target: "target", result: "result")
        let all = [header] + rows
        let w0 = all.map(\.figure.count).max()!
        let w1 = all.map(\.value.count).max()!
        let w2 = all.map(\.target.count).max()!
        func padded(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: w - s.count) }
        return all.map { r in
            "\(padded(r.figure, w0))  \(padded(r.value, w1))  \(padded(r.target, w2))  \(r.result)"
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    func verdict(_ ok: Bool) -> String { ok ? "PASS" : "SHORT" }
    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }
}

func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(d)
    }
    return out
}

func perSecond(_ rate: Double) -> String { "\(grouped(Int(rate.rounded()))) events/s" }
func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }
func millis(_ s: Double) -> String { String(format: "%.3f ms", s * 1000) }
func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
