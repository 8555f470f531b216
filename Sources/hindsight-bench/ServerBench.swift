import Foundation
import Hindsight

#if canImport(Glibc)
    import Glibc
#endif

/// `hindsight serve` under load on loopback: wrk (Debian's) posts Alertmanager webhooks, each a new
/// group of alerts, at 1, 8 and 64 connections for a bounded time, with SQLite's `synchronous = FULL`
/// (the server's default) and NORMAL for its cost; requests/s, events/s (counted in the store),
/// p50/p99 latency; the server's peak memory under a flood of unauthenticated 9.5 MiB bodies; and the
/// same events through `hindsight ingest` as the reference; then the read pages under load (`PageLoadBench`).
struct ServerBench {
    var hindsight: String
    var dir: String
    var seconds = 5
    var connections = [1, 8, 64]
    /// Alerts in each webhook (each becomes one event).
    static let alertsPerRequest = 5
    /// p99 target at the largest connection count.
    static let p99Target = 0.050

    func run() throws -> [String] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return ["Server benchmark: SKIPPED — wrk is not installed (make deps installs Debian's wrk)."]
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = "\(dir)/server-bench.db"
        let files =
            ["", "-wal", "-shm", ".key"].map { db + $0 }
            + ["server-bench.lua", "server-bench.out", "server-bench-ref.jsonl", "server-bench-ref.db"]
            .map { "\(dir)/\($0)" }
        func clean() {
            for f in files { unlink(f) }
            for s in ["-wal", "-shm"] { unlink("\(dir)/server-bench-ref.db\(s)") }
        }
        clean()
        defer { clean() }

        let token = try createToken(db: db)
        try Self.script(token: token, alerts: Self.alertsPerRequest).write(toFile: "\(dir)/server-bench.lua", atomically: true, encoding: .utf8)
        var lines = [
            "Server benchmark — wrk on loopback, POST /v1/hooks/alertmanager (Bearer), \(Self.alertsPerRequest) new alerts per webhook, \(seconds) s per run",
            "",
        ]
        var rows = [["synchronous", "connections", "requests/s", "events/s", "p50", "p99", "non-2xx", "target"]]
        var figures: [String: [Int: (rps: Double, p99: Double)]] = [:]
        // FULL, the server's default (a 2xx survives a power loss), then NORMAL for its cost.
        for (mode, runs) in [("full", connections), ("normal", Array(connections.suffix(2)))] {
            let server = try ServeChild(hindsight: hindsight, arguments: ["--db", db, "--sqlite-synchronous", mode])
            defer { server.stop() }
            for c in runs {
                let before = try count(db)
                let run = try ChildProcess.run(
                    [
                        wrk, "-t", String(min(c, 2)), "-c", String(c), "-d", "\(seconds)s", "--latency", "--timeout", "10s",
                        "-s", "\(dir)/server-bench.lua", "http://127.0.0.1:\(server.port)/v1/hooks/alertmanager", "--", "\(mode)c\(c)",
                    ],
                    outputPath: "\(dir)/server-bench.out")
                let text = (try? String(contentsOfFile: "\(dir)/server-bench.out", encoding: .utf8)) ?? ""
                guard run.exitStatus == 0, let rps = Self.value(after: "Requests/sec:", in: text) else {
                    throw ChildProcess.Failure(description: "wrk failed (exit \(run.exitStatus)): \(text.prefix(1000))")
                }
                let stored = try count(db) - before
                let p50 = Self.latency("50%", in: text)
                let p99 = Self.latency("99%", in: text)
                let errors = Int(Self.value(after: "Non-2xx or 3xx responses:", in: text) ?? 0)
                figures[mode, default: [:]][c] = (rps, p99)
                rows.append([
                    mode.uppercased(), String(c), grouped(Int(rps.rounded())), grouped(Int((Double(stored) / Double(seconds)).rounded())),
                    millis(p50), millis(p99), String(errors),
                    mode == "full" && c == connections.last
                        ? "p99 < \(Int(Self.p99Target * 1000)) ms: \(p99 < Self.p99Target ? "PASS" : "SHORT")" : "",
                ])
            }
        }
        lines += table(rows)
        for c in connections.suffix(2) {
            guard let full = figures["full"]?[c], let normal = figures["normal"]?[c], normal.rps > 0 else { continue }
            lines.append(
                "synchronous=FULL at \(c) connections: \(String(format: "%+.0f", (full.rps / normal.rps - 1) * 100)) % requests/s, "
                    + "p99 \(millis(normal.p99)) → \(millis(full.p99)) (NORMAL → FULL)")
        }
        lines.append("")
        lines += try floodLines(db: db)
        lines.append("")
        rows = [["", "requests/s", "events/s", "", "", "", ""]]

        // The reference: as many webhooks as the 64-connection run stored, as one file through `hindsight ingest`.
        let refCount = 20_000
        let ref = (0..<refCount).map { Self.payload(prefix: "ref", n: $0, alerts: Self.alertsPerRequest) }.joined(separator: "\n") + "\n"
        try ref.write(toFile: "\(dir)/server-bench-ref.jsonl", atomically: true, encoding: .utf8)
        let ingest = try ChildProcess.run(
            [
                hindsight, "ingest", "--quiet", "--format", "alertmanager", "--db", "\(dir)/server-bench-ref.db",
                "\(dir)/server-bench-ref.jsonl",
            ], outputPath: "\(dir)/server-bench.out")
        guard ingest.exitStatus == 0 else { throw ChildProcess.Failure(description: "hindsight ingest of the reference failed") }
        let refEvents = refCount * Self.alertsPerRequest
        rows.append([
            "ingest (ref.)", grouped(Int((Double(refCount) / ingest.seconds).rounded())) + " payloads/s",
            grouped(Int((Double(refEvents) / ingest.seconds).rounded())), "", "", "", "one transaction, \(grouped(refEvents)) events",
        ])
        lines += table(rows)
        lines.append("")
        lines.append("The server's single writer stores the webhooks waiting at once in one transaction, each in its own savepoint;")
        lines.append("ingest stores the file in one transaction.")
        lines.append("")
        lines += try PageLoadBench(hindsight: hindsight, wrk: wrk, dir: dir, seconds: seconds).run()
        return lines
    }

    /// The issue's flood: 32 clients at once, each posting 9.5 MiB chunked, first without any credentials
    /// (refused before the body), then with a well-formed signature that matches no secret (read under
    /// the unverified-body budget, then refused); the server's peak memory during each.
    func floodLines(db: String) throws -> [String] {
        let server = try ServeChild(hindsight: hindsight, arguments: ["--db", db])
        defer { server.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        let idle = server.peakMemory
        var rows = [["32 × 9.5 MiB chunked POSTs", "answers", "sent by clients", "seconds", "server peak memory"]]
        rows.append(["(server idle)", "", "", "", mb(idle)])
        let cases = [
            ("no token, /v1/events", "/v1/events", ""),
            ("signature of no token, /v1/hooks/github", "/v1/hooks/github", "X-Hub-Signature-256: sha256=\(String(repeating: "0", count: 64))\r\n"),
        ]
        for (label, path, headers) in cases {
            let peakResets = server.resetPeak()
            let outcome = BodyFlood(port: server.port, path: path, headers: headers).run()
            let answers = outcome.statuses.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key == 0 ? "none" : String($0.key))" }
            rows.append([
                label, answers.joined(separator: ", "), mb(outcome.sent), String(format: "%.1f", outcome.seconds),
                mb(server.peakMemory) + (peakResets ? "" : " (since start)"),
            ])
        }
        return ["Unauthenticated bodies — refused before they are read; signed ones read under --unverified-body-budget (64 MiB)", ""]
            + table(rows)
    }

    func createToken(db: String, scope: String = "write") throws -> String {
        let out = "\(dir)/server-bench.out"
        let run = try ChildProcess.run([hindsight, "token", "create", "bench", "--scope", scope, "--db", db], outputPath: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard run.exitStatus == 0,
            let token = text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("hs_") })
        else {
            throw ChildProcess.Failure(description: "hindsight token create failed: \(text)")
        }
        return token
    }

    func count(_ db: String) throws -> Int {
        let out = "\(dir)/server-bench.count"
        defer { unlink(out) }
        let run = try ChildProcess.run(["/usr/bin/sqlite3", db, "SELECT COUNT(*) FROM event"], outputPath: out)
        guard run.exitStatus == 0, let n = Int(((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw ChildProcess.Failure(description: "cannot count the events of \(db)")
        }
        return n
    }

    /// An Alertmanager webhook (version 4) whose alerts are new for every (prefix, n).
    static func payload(prefix: String, n: Int, alerts: Int) -> String {
        let items = (0..<alerts).map { i in
            #"{"status":"firing","labels":{"alertname":"HighErrorRate","service":"checkout","instance":"\#(prefix)-\#(n)-\#(i):9100","severity":"page"},"annotations":{"summary":"5xx above 2%"},"startsAt":"2024-07-19T04:\#(String(format: "%02d", (n + i) % 60)):00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph","fingerprint":"\#(prefix)\#(n)x\#(i)"}"#
        }.joined(separator: ",")
        return
            #"{"version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","status":"firing","receiver":"hindsight","groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[\#(items)]}"#
    }

    /// wrk's script: every request a new webhook (run, thread and counter in the fingerprints).
    static func script(token: String, alerts: Int) -> String {
        let template = payload(prefix: "PREFIX", n: 0, alerts: alerts)
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
            local counter = 0
            local threads = 0
            function setup(thread) threads = threads + 1; thread:set("tid", threads) end
            function init(args) prefix = args[1] .. "t" .. tid end
            local template = "\(template)"
            request = function()
              counter = counter + 1
              local body = template:gsub("PREFIX%-0%-", prefix .. "-" .. counter .. "-"):gsub("PREFIX0x", prefix .. "n" .. counter .. "x")
              return wrk.format("POST", nil, {["Authorization"] = "Bearer \(token)", ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    /// Rows as aligned columns, the first row a header.
    func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max()! }
        return rows.map { r in
            r.indices.map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }

    static func value(after label: String, in text: String) -> Double? {
        guard let r = text.range(of: label) else { return nil }
        return Double(text[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." })
    }

    /// A latency line of wrk's distribution (`99%   12.34ms`) in seconds.
    static func latency(_ label: String, in text: String) -> Double {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0] == label else { continue }
            let v = parts[1]
            for (unit, factor) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0)] where v.hasSuffix(unit) {
                return (Double(v.dropLast(unit.count)) ?? 0) * factor
            }
        }
        return 0
    }
}
