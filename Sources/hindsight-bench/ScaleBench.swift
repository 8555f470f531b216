import Foundation
import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightStore

#if canImport(Glibc)
    import Glibc
#endif

/// Views across incidents on a year-sized store (`--scale-store` events from `hindsight generate --scenario bench`,
/// about one incident per 500 events): building it (ingest, which keeps the incident summaries) and its summaries
/// from empty (`hindsight migrate`); `incidents` (first page, full list) and `review --since 365d` as a user runs
/// them (process start included); the site's `/` under wrk at 16 connections; and 10,000 new events ingested
/// touching no incident (against the same ingest into the store without summaries) and touching incidents (how many
/// were recomputed, and the upkeep per recomputed incident). Wall and CPU time: the machine may be shared.
struct ScaleBench {
    var hindsight: String
    var dir: String
    var events: Int
    var seed: UInt64
    /// A PostgreSQL store (URL with its schema) instead of an SQLite file in `dir`.
    var postgres: String?
    var keep = false

    /// New events in each of the ingests into the built store.
    static let newEvents = 10_000
    /// The end of the generated month: `review --since 365d` ends here.
    static let now = "2024-07-01T00:00:00Z"

    var store: String { postgres ?? "\(dir)/scale-\(events).db" }
    var backend: String { postgres == nil ? "SQLite" : "PostgreSQL" }

    func run() throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let jsonl = "\(dir)/scale-\(events).jsonl"
        let out = "\(dir)/scale.out"
        let quiet = ["\(dir)/scale-quiet-a.jsonl", "\(dir)/scale-quiet-b.jsonl"]
        let touching = "\(dir)/scale-touching.jsonl"
        var scratch = [out, "\(dir)/scale-wrk.lua"] + quiet + [touching]
        if !keep { scratch.append(jsonl) }
        defer {
            for f in scratch { try? FileManager.default.removeItem(atPath: f) }
            if postgres == nil { for s in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: store + s) } }
        }
        if postgres == nil { for s in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: store + s) } }

        if !FileManager.default.fileExists(atPath: jsonl) {
            log("scale: hindsight generate --scenario bench --events \(grouped(events)) …")
            try expect(
                try ChildProcess.run(
                    [hindsight, "generate", "--scenario", "bench", "--events", String(events), "--seed", String(seed), "-o", jsonl], outputPath: out),
                "hindsight generate", out)
        }
        if postgres != nil { try expect(try ChildProcess.run([hindsight, "migrate", "--db", store], outputPath: out), "hindsight migrate", out) }
        log("scale: \(backend): hindsight ingest (with the summaries) …")
        let ingest = try ChildProcess.run([hindsight, "ingest", "--quiet", "--db", store, jsonl], outputPath: out)
        try expect(ingest, "hindsight ingest", out)
        let incidents = try EventStore.open(location: store).incidentIDs().count

        var rows: [[String]] = [["figure", "wall", "CPU", "target", "result"]]
        rows.append([
            "build: ingest \(grouped(events)) events, summaries included", seconds(ingest.seconds), seconds(ingest.cpuSeconds), "", "",
        ])

        log("scale: incidents, review …")
        let firstPage = try timed([hindsight, "incidents", "--db", store, "--limit", "50"], runs: 5, out: out)
        rows.append(row("incidents --limit 50 (first page), median of 5", firstPage, target: 0.100))
        let full = try timed([hindsight, "incidents", "--db", store], runs: 3, out: out)
        rows.append(row("incidents, all \(grouped(incidents)), median of 3", full, target: 1.0))
        let review = try timed([hindsight, "review", "--db", store, "--since", "365d", "--now", Self.now], runs: 3, out: out)
        rows.append(row("review --since 365d, median of 3", review, target: 3.0))

        if let site = try siteUnderLoad(out: out) { rows += site }

        log("scale: ingests of \(grouped(Self.newEvents)) new events …")
        try Self.writeNew(seed: seed &+ 11, prefix: "q1-", quiet: true, to: quiet[0])
        try Self.writeNew(seed: seed &+ 12, prefix: "q2-", quiet: true, to: quiet[1])
        try Self.writeNew(seed: seed &+ 13, prefix: "t-", quiet: false, to: touching)
        let live = try EventStore.open(location: store)
        let withSummaries = try Self.ingest(quiet[0], into: live)
        let touched = try Self.ingest(touching, into: live)
        try sql(Self.clearSummaries, out: out)
        let without = try Self.ingest(quiet[1], into: try EventStore.open(location: store))
        log("scale: hindsight migrate (every summary from empty) …")
        let incidentsNow = try EventStore.open(location: store).incidentIDs().count
        try sql(Self.staleSummaries, out: out)
        let rebuild = try ChildProcess.run([hindsight, "migrate", "--db", store], outputPath: out)
        try expect(rebuild, "hindsight migrate", out)

        let ratio = withSummaries.cpu / max(without.cpu, 1e-9)
        rows.append([
            "ingest \(grouped(Self.newEvents)) touching no incident, with summaries", seconds(withSummaries.wall), seconds(withSummaries.cpu), "", "",
        ])
        rows.append([
            "  the same without summaries (\(withSummaries.report.summaries) and \(without.report.summaries) recomputed)", seconds(without.wall),
            seconds(without.cpu), "", "",
        ])
        rows.append(["  with / without (CPU)", String(format: "%.2f×", ratio), "", "< 1.05×", ratio < 1.05 ? "PASS" : "SHORT"])
        let upkeep = (touched.cpu - withSummaries.cpu) / Double(max(touched.report.summaries, 1))
        rows.append([
            "ingest \(grouped(Self.newEvents)) touching incidents: \(grouped(touched.report.summaries)) of \(grouped(incidentsNow)) recomputed",
            seconds(touched.wall), seconds(touched.cpu), "", "",
        ])
        rows.append(["  upkeep per recomputed incident (CPU over the quiet ingest)", "", millis(upkeep), "≤ 50 ms", upkeep <= 0.050 ? "PASS" : "SHORT"])
        rows.append([
            "summaries from empty: migrate, \(grouped(incidentsNow)) incidents", seconds(rebuild.seconds), seconds(rebuild.cpuSeconds),
            "(one-time)", "",
        ])

        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max()! }
        let table = rows.map { r in
            r.indices.map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ["Views across incidents — \(backend), \(grouped(events)) events, \(grouped(incidents)) incidents (hindsight generate --scenario bench)", ""]
            + table
            + ["", "Commands are timed as a user runs them, process start included; CPU is the child's user + system time."]
    }

    /// Runs `argv` `runs` times; the median wall and CPU time.
    func timed(_ argv: [String], runs: Int, out: String) throws -> (wall: Double, cpu: Double) {
        var walls: [Double] = []
        var cpus: [Double] = []
        for _ in 0..<runs {
            let run = try ChildProcess.run(argv, outputPath: out)
            try expect(run, argv.prefix(2).joined(separator: " "), out)
            walls.append(run.seconds)
            cpus.append(run.cpuSeconds)
        }
        return (Latency(walls).median, Latency(cpus).median)
    }

    func row(_ figure: String, _ t: (wall: Double, cpu: Double), target: Double) -> [String] {
        [figure, millis(t.wall), millis(t.cpu), "< \(Int(target * 1000)) ms", t.wall < target ? "PASS" : "SHORT"]
    }

    /// `/` at 16 connections for 10 s under wrk: p50, p99 and the server's CPU per view.
    func siteUnderLoad(out: String) throws -> [[String]]? {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            log("scale: wrk is not installed: the site's figures are skipped")
            return nil
        }
        log("scale: / under wrk, 16 connections …")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: hindsight)
        server.arguments = ["serve", "--port", "0", "--open-read", "--db", store]
        let pipe = Pipe()
        server.standardOutput = pipe
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }
        let port = try ServeChild.port(from: pipe)
        let drain = Thread { while !pipe.fileHandleForReading.availableData.isEmpty {} }
        drain.start()
        let url = "http://127.0.0.1:\(port)/"
        // One view first: the first request pays for the page cache and any stale summaries.
        _ = try ChildProcess.run(["curl", "-s", "-o", "/dev/null", url], outputPath: out)
        let cpuBefore = Self.cpu(of: server.processIdentifier)
        let run = try ChildProcess.run([wrk, "-t", "2", "-c", "16", "-d", "10s", "--latency", "--timeout", "10s", url], outputPath: out)
        let cpuAfter = Self.cpu(of: server.processIdentifier)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard run.exitStatus == 0, let rps = ServerBench.value(after: "Requests/sec:", in: text) else {
            throw ChildProcess.Failure(description: "wrk failed (exit \(run.exitStatus)): \(text.prefix(1000))")
        }
        let p50 = ServerBench.latency("50%", in: text)
        let p99 = ServerBench.latency("99%", in: text)
        let views = max(rps * 10, 1)
        let perView = (cpuAfter - cpuBefore) / views
        return [
            ["site / at 16 connections: p50 (\(grouped(Int(rps.rounded()))) views/s)", millis(p50), "", "", ""],
            ["site / at 16 connections: p99", millis(p99), "", "< 300 ms", p99 < 0.300 ? "PASS" : "SHORT"],
            ["site /: server CPU per view", "", millis(perView), "≤ 2 ms", perView <= 0.002 ? "PASS" : "SHORT"],
        ]
    }

    /// A process's user + system CPU seconds so far (/proc/PID/stat, in clock ticks).
    static func cpu(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Empties the summary tables: the store keeps no summary (the baseline of an ingest without them).
    static let clearSummaries = "DELETE FROM incident_summary; DELETE FROM incident_watch; DELETE FROM incident_ref; DELETE FROM incident_mark;"

    /// Every incident listed with no summary yet, as the migration that adds the tables leaves a store.
    static let staleSummaries = """
        INSERT INTO incident_summary (incident, analysis_version, sort_time, services, severity_rank, has_trigger, customers_first, search)
        SELECT DISTINCT incident, 0, -4611686018427387904, '', 9, 0, 0, '' FROM event WHERE kind = 'incident' AND incident IS NOT NULL;
        """

    /// Runs SQL on the store with its database's own shell.
    func sql(_ text: String, out: String) throws {
        let argv: [String]
        if let postgres {
            let schema = postgres.components(separatedBy: "schema=").last ?? "public"
            let base = postgres.components(separatedBy: "?").first ?? postgres
            argv = ["psql", "-v", "ON_ERROR_STOP=1", "-q", base, "-c", "SET search_path TO \(schema); \(text)"]
        } else {
            argv = ["sqlite3", store, text]
        }
        try expect(try ChildProcess.run(argv, outputPath: out), "sql on the store", out)
    }

    /// Ingests `path` into `store` in this process: the report and its wall and CPU time.
    static func ingest(_ path: String, into store: EventStore) throws -> (report: IngestReport, wall: Double, cpu: Double) {
        let wall = monotonicSeconds()
        let cpu = cpuSeconds()
        let report = try store.ingest(try ByteInput(path: path))
        guard report.committed, report.new == newEvents else {
            throw ChildProcess.Failure(description: "the ingest of \(path) stored \(report.new) of \(newEvents): \(report.summary)")
        }
        return (report, monotonicSeconds() - wall, cpuSeconds() - cpu)
    }

    /// `newEvents` events of the benchmark mix over the same month with ids of their own (their incident events
    /// update the stored incidents). `quiet` ones touch no incident: services no incident has (`quiet-svc-…`),
    /// no incident events, no rollback of a stored change, versions of their own.
    static func writeNew(seed: UInt64, prefix: String, quiet: Bool, to path: String) throws {
        var mix = BenchmarkMix(events: newEvents, seed: seed)
        mix.idPrefix = prefix
        let file = try OutputFile(path: path)
        mix.generate { e in
            var e = e
            if quiet {
                e.service = "quiet-" + e.service
                if e.kind == .incident {
                    e.kind = .note
                    e.incident = nil
                    e.status = nil
                    e.title = nil
                }
                e.reverts = nil
                if e.version != nil { e.version = "quiet-" + e.version! }
            }
            file.write(e.nativeJSON + "\n")
        }
        file.close()
    }

    func expect(_ run: ChildProcess.Run, _ what: String, _ output: String) throws {
        guard run.exitStatus == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw ChildProcess.Failure(description: "\(what) failed (exit \(run.exitStatus)): \(text.prefix(2000))")
        }
    }

    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }
}
