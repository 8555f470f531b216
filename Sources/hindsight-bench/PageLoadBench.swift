import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The read pages under load: a team-sized store (`hindsight generate --scenario bench`), then wrk on
/// `/` (the first page) and on a typical `/incidents/ID` at 16 and 64 connections with a read token;
/// p50/p99 latency, requests/s, and the server's CPU time per view (from /proc), against ≤ 2 ms.
struct PageLoadBench {
    var hindsight: String
    var wrk: String
    var dir: String
    var seconds: Int
    var events = 1_000_000
    var connections = [16, 64]
    static let cpuTarget = 0.002

    func run() throws -> [String] {
        let db = "\(dir)/page-load.db"
        let files = ["", "-wal", "-shm", ".key"].map { db + $0 } + ["page-load.jsonl", "page-load.out"].map { "\(dir)/\($0)" }
        for f in files { unlink(f) }
        defer { for f in files { unlink(f) } }
        let out = "\(dir)/page-load.out"
        let jsonl = "\(dir)/page-load.jsonl"
        try check(
            ChildProcess.run([hindsight, "generate", "--scenario", "bench", "--events", String(events), "--seed", "1", "-o", jsonl], outputPath: out),
            "hindsight generate")
        try check(ChildProcess.run([hindsight, "ingest", "--quiet", "--db", db, jsonl], outputPath: out), "hindsight ingest")
        let token = try ServerBench(hindsight: hindsight, dir: dir).createToken(db: db, scope: "read")
        let incidents = Int(try sqlite(db, "SELECT COUNT(*) FROM incident_summary")) ?? 0
        // Typical: the newest incident whose events number the median of the first page's.
        let typical = try sqlite(
            db,
            """
            WITH page AS (SELECT incident FROM incident_summary ORDER BY sort_time DESC, incident DESC LIMIT 50),
            sized AS (SELECT page.incident, (SELECT COUNT(*) FROM event WHERE event.incident = page.incident) AS n FROM page)
            SELECT incident FROM sized ORDER BY n, incident LIMIT 1 OFFSET 25
            """)
        let server = try ServeChild(hindsight: hindsight, arguments: ["--db", db])
        defer { server.stop() }
        var rows = [["page", "connections", "requests/s", "p50", "p99", "server CPU per view", "target"]]
        for (label, path) in [("/ (first page)", "/"), ("/incidents/\(typical)", "/incidents/\(typical)")] {
            for c in connections {
                let cpuBefore = Self.cpuSeconds(server.pid)
                let run = try ChildProcess.run(
                    [
                        wrk, "-t", "2", "-c", String(c), "-d", "\(seconds)s", "--latency", "--timeout", "10s", "-H", "Authorization: Bearer \(token)",
                        "http://127.0.0.1:\(server.port)\(path)",
                    ],
                    outputPath: out)
                let cpu = Self.cpuSeconds(server.pid) - cpuBefore
                let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                guard run.exitStatus == 0, let rps = ServerBench.value(after: "Requests/sec:", in: text), let requests = Self.requests(in: text),
                    requests > 0
                else {
                    throw ChildProcess.Failure(description: "wrk failed (exit \(run.exitStatus)): \(text.prefix(1000))")
                }
                let errors = Int(ServerBench.value(after: "Non-2xx or 3xx responses:", in: text) ?? 0)
                guard errors == 0 else { throw ChildProcess.Failure(description: "\(errors) of \(requests) views of \(path) failed") }
                let perView = cpu / Double(requests)
                rows.append([
                    label, String(c), grouped(Int(rps.rounded())), millis(ServerBench.latency("50%", in: text)),
                    millis(ServerBench.latency("99%", in: text)), String(format: "%.2f ms", perView * 1000),
                    "≤ \(Int(Self.cpuTarget * 1000)) ms: \(perView <= Self.cpuTarget ? "PASS" : "SHORT")",
                ])
            }
        }
        return [
            "Read pages — wrk on loopback with a read token, \(grouped(events)) events, \(grouped(incidents)) incidents "
                + "(hindsight generate --scenario bench), \(seconds) s per run; pages cached until their summaries change",
            "",
        ] + ServerBench(hindsight: hindsight, dir: dir).table(rows)
    }

    func check(_ run: ChildProcess.Run, _ what: String) throws {
        guard run.exitStatus == 0 else { throw ChildProcess.Failure(description: "\(what) failed for the read-pages run") }
    }

    func sqlite(_ db: String, _ sql: String) throws -> String {
        let out = "\(dir)/page-load.sql.out"
        defer { unlink(out) }
        let run = try ChildProcess.run(["/usr/bin/sqlite3", db, sql], outputPath: out)
        let text = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.exitStatus == 0, !text.isEmpty else { throw ChildProcess.Failure(description: "sqlite3 on \(db) failed: \(sql)") }
        return text
    }

    /// wrk's `N requests in 5.00s`.
    static func requests(in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.contains(" requests in ") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).first ?? "")
        }
        return nil
    }

    /// User and system CPU time of process `pid` so far (/proc/PID/stat, fields 14 and 15).
    static func cpuSeconds(_ pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command's closing parenthesis start at field 3 (state).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
