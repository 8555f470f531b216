import Foundation
import Hindsight
import HindsightSimulation
import HindsightStore

/// Appending to a large store: `appendEvents` new events into a store of `appendStore` events,
/// by `hindsight ingest` and by the staged `sqlite3` reference into a copy of the same store.
/// The appended events are interleaved in time with the stored ones (another seed, other ids),
/// so every index takes inserts all over its range: the hard case.
struct AppendBench {
    let options: BenchOptions

    func run() throws {
        let fm = FileManager.default
        let dir = options.dir
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = "\(dir)/append-base.db"
        let copy = "\(dir)/append-reference.db"
        let baseFile = "\(dir)/append-base.jsonl"
        let addFile = "\(dir)/append-new.jsonl"
        let addCSV = "\(dir)/append-new.csv"
        let out = "\(dir)/append.out"
        func cleanUp() {
            for db in [base, copy] { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: db + suffix) } }
            for f in [baseFile, addFile, addCSV, out] { try? fm.removeItem(atPath: f) }
        }
        cleanUp()
        defer { cleanUp() }
        log("append: generating a store of \(grouped(options.appendStore)) events and \(grouped(options.appendEvents)) more …")
        let stored = try GeneratedData.write(count: options.appendStore, seed: options.seed, jsonlPath: baseFile, csvPath: nil)
        var mix = BenchmarkMix(events: options.appendEvents, seed: options.seed &+ 1)
        mix.idPrefix = "appended-"
        _ = try GeneratedData.write(mix: mix, jsonlPath: addFile, csvPath: addCSV)
        let load = try ChildProcess.run([options.hindsight, "ingest", "--quiet", "--db", base, baseFile], outputPath: out)
        guard load.exitStatus == 0 else { throw ChildProcess.Failure(description: "ingest of the base store failed: \(contents(out))") }
        try? fm.removeItem(atPath: baseFile)
        // One file, checkpointed, copied: both appends start from the same bytes.
        let checkpoint = try ChildProcess.run([options.sqlite3, base, "PRAGMA wal_checkpoint(TRUNCATE)"], outputPath: out)
        guard checkpoint.exitStatus == 0 else { throw ChildProcess.Failure(description: "checkpoint failed: \(contents(out))") }
        try fm.copyItem(atPath: base, toPath: copy)

        log("append: staged sqlite3 reference …")
        let reference = try ChildProcess.run([options.sqlite3, copy] + IngestReference.stagedImportCommands(csv: addCSV), outputPath: out)
        guard reference.exitStatus == 0, !contents(out).contains("Error") else {
            throw ChildProcess.Failure(description: "the staged append failed: \(contents(out))")
        }
        log("append: hindsight ingest …")
        let ingest = try ChildProcess.run([options.hindsight, "ingest", "--quiet", "--db", base, addFile], outputPath: out)
        guard ingest.exitStatus == 0 else { throw ChildProcess.Failure(description: "hindsight ingest failed: \(contents(out))") }
        let shape = try StoreShape.of(base, options: options)
        let referenceShape = try StoreShape.of(copy, options: options)
        guard shape == referenceShape, shape.rows == stored.events + options.appendEvents else {
            throw ChildProcess.Failure(description: "the appends stored different rows:\n  hindsight: \(shape)\n  reference: \(referenceShape)")
        }
        let ratio = reference.seconds / ingest.seconds
        let n = Double(options.appendEvents)
        print(
            "Append: \(grouped(options.appendEvents)) events into a store of \(grouped(stored.events)) (loaded in \(seconds(load.seconds)), "
                + "\(perSecond(Double(stored.events) / load.seconds)) into the empty store); both stores checked equal: \(shape.rows) rows")
        print("  hindsight ingest                 \(perSecond(n / ingest.seconds)) (\(seconds(ingest.seconds))), \(mb(ingest.peakBytes)) peak")
        print("  sqlite3 staged reference         \(perSecond(n / reference.seconds)) (\(seconds(reference.seconds))), \(mb(reference.peakBytes)) peak")
        print("  hindsight / reference            " + String(format: "%.2f×", ratio) + "   target ≥ 1.0×  " + (ratio >= 1 ? "PASS" : "SHORT"))
    }

    func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }
}
