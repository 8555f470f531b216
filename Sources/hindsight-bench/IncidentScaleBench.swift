#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Hindsight
import HindsightSimulation
import HindsightStore

/// `analyze` and `postmortem` of one incident with a million crash events in a ten-million-event
/// store, each run as its own process so its time and peak memory are its own.
struct IncidentScaleBench {
    var hindsight: String
    var dir: String
    /// Events in the store besides the incident's (the benchmark mix).
    var background: Int = 9_000_000
    var crashes: Int = 1_000_000
    var seed: UInt64 = 1
    /// Keep the store and the drafts for a look afterwards.
    var keep = false

    static let incident = "BENCH-INC-1"

    func run() throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = "\(dir)/incident-scale.db"
        let files = ["", "-wal", "-shm"].map { db + $0 } + ["incident-scale.log", "incident-scale.md", "incident-scale.html"].map { "\(dir)/\($0)" }
        for f in files { unlink(f) }
        defer { if !keep { for f in files { unlink(f) } } }
        FileHandle.standardError.write(Data("building a store of \(Formatting.thousands(background + crashes)) events for the incident-at-scale run …\n".utf8))
        // The data is written as files and stored by a `hindsight ingest` child, so this process
        // stays small: a child spawned from a large parent would report the parent's memory.
        let buildStart = monotonicSeconds()
        let backgroundFile = "\(dir)/incident-scale-background.jsonl"
        let incidentFile = "\(dir)/incident-scale-incident.jsonl"
        defer { if !keep { unlink(backgroundFile); unlink(incidentFile) } }
        let out = try OutputFile(path: backgroundFile)
        BenchmarkMix(events: background, seed: seed).forEach { out.write($0.nativeJSON + "\n") }
        out.close()
        let incidentOut = try OutputFile(path: incidentFile)
        forEachIncidentEvent { incidentOut.write($0.nativeJSON + "\n") }
        incidentOut.close()
        let ingestLog = "\(dir)/incident-scale-ingest.log"
        defer { unlink(ingestLog) }
        let ingest = try ChildProcess.run([hindsight, "ingest", "--quiet", "--db", db, backgroundFile, incidentFile], outputPath: ingestLog)
        guard ingest.exitStatus == 0 else { throw ChildProcess.Failure(description: "ingest for the incident-at-scale run failed; see \(ingestLog)") }
        let built = monotonicSeconds() - buildStart

        let log = "\(dir)/incident-scale.log"
        let analyze = try ChildProcess.run([hindsight, "analyze", Self.incident, "--json", "--db", db], outputPath: log)
        let markdown = try ChildProcess.run([hindsight, "postmortem", Self.incident, "--db", db, "-o", "\(dir)/incident-scale.md"], outputPath: log)
        let html = try ChildProcess.run([hindsight, "postmortem", Self.incident, "--format", "html", "--db", db, "-o", "\(dir)/incident-scale.html"], outputPath: log)
        for (name, r) in [("analyze", analyze), ("postmortem", markdown), ("postmortem --format html", html)] where r.exitStatus != 0 {
            throw ChildProcess.Failure(description: "\(name) exited with \(r.exitStatus); see \(log)")
        }
        func verdict(_ r: ChildProcess.Run) -> String {
            r.seconds < 1 && r.peakBytes < 100 * 1_048_576 ? "PASS" : "SHORT"
        }
        func line(_ name: String, _ r: ChildProcess.Run) -> String {
            name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%7.3f s  %6.1f MB peak", r.seconds, Double(r.peakBytes) / 1_048_576)
                + "   < 1 s, < 100 MB  \(verdict(r))"
        }
        return [
            "Incident at scale: \(Formatting.thousands(crashes)) crash events in a \(Formatting.thousands(background + crashes))-event store (built in \(String(format: "%.0f", built)) s)",
            line("analyze --json", analyze),
            line("postmortem (markdown)", markdown),
            line("postmortem (html)", html),
        ]
    }

    /// A config pushed everywhere, a million crash events over an hour on 200,000 hosts, the lifecycle.
    func forEachIncidentEvent(_ body: (Event) -> Void) {
        let t = BenchmarkMix.start + .days(10)
        let service = "bench-fleet"
        let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]
        body(Event(id: "bench-trigger", time: t, kind: .config, service: service, summary: "content push to every host",
                   version: "content-991", scope: Scope(percent: 100, hosts: 200_000)))
        let span = TimeSpan.hours(1).milliseconds
        for i in 0..<crashes {
            let at = t + .minutes(1) + TimeSpan(milliseconds: Int64(i) * span / Int64(crashes))
            body(Event(id: "bench-crash-\(i)", time: at, kind: .crash, service: service, version: "content-991",
                       incident: Self.incident, host: "host-\(i % 200_000)", labels: Labels(["region": regions[i % regions.count]])))
        }
        body(Event(id: "bench-report", time: t + .minutes(9), kind: .report, service: service, summary: "customers see crashes"))
        body(Event(id: "bench-alert", time: t + .minutes(12), kind: .alert, service: service, summary: "crash rate", incident: Self.incident))
        body(Event(id: "bench-declared", time: t + .minutes(15), kind: .incident, service: service, status: "declared", incident: Self.incident, title: "Fleet crashes after content push"))
        body(Event(id: "bench-rollback", time: t + .minutes(62), kind: .rollback, service: service, reverts: "bench-trigger"))
        body(Event(id: "bench-mitigated", time: t + .minutes(63), kind: .incident, service: service, status: "mitigated", incident: Self.incident))
        body(Event(id: "bench-resolved", time: t + .hours(3), kind: .incident, service: service, status: "resolved", incident: Self.incident))
    }
}
