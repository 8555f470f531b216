import Foundation
import Hindsight
import HindsightSimulation
import HindsightStore

#if canImport(Glibc)
    import Glibc
#endif

/// `analyze` and `postmortem` of an incident with a million crash events in a ten-million-event store,
/// each run as its own process so its time and peak memory are its own: once with its signals linked by
/// `incident`, once with them unlinked (found by service and window, EVENTS.md), as monitoring sends them.
struct IncidentScaleBench {
    var hindsight: String
    var dir: String
    /// Events in the store besides the two incidents' (the benchmark mix).
    var background: Int = 8_000_000
    var crashes: Int = 1_000_000
    var seed: UInt64 = 1
    /// Keep the store and the drafts for a look afterwards.
    var keep = false
    /// A PostgreSQL store (a URL) to run on instead of an SQLite file in `dir`.
    var store: String? = nil

    static let incident = "BENCH-INC-1"
    static let unlinkedIncident = "BENCH-INC-2"

    func run() throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = store ?? "\(dir)/incident-scale.db"
        let files = ["", "-wal", "-shm"].map { db + $0 } + ["incident-scale.log", "incident-scale.md", "incident-scale.html"].map { "\(dir)/\($0)" }
        for f in files { unlink(f) }
        defer { if !keep { for f in files { unlink(f) } } }
        FileHandle.standardError.write(
            Data("building a store of \(Formatting.thousands(background + 2 * crashes)) events for the incident-at-scale run …\n".utf8))
        // The data is written as files and stored by a `hindsight ingest` child, so this process
        // stays small: a child spawned from a large parent would report the parent's memory.
        let buildStart = monotonicSeconds()
        let backgroundFile = "\(dir)/incident-scale-background.jsonl"
        let incidentFile = "\(dir)/incident-scale-incident.jsonl"
        defer {
            if !keep {
                unlink(backgroundFile)
                unlink(incidentFile)
            }
        }
        let out = try OutputFile(path: backgroundFile)
        BenchmarkMix(events: background, seed: seed).generate { out.write($0.nativeJSON + "\n") }
        out.close()
        let incidentOut = try OutputFile(path: incidentFile)
        forEachIncidentEvent { incidentOut.write($0.nativeJSON + "\n") }
        forEachIncidentEvent(Self.unlinkedIncident, service: "bench-fleet-unlinked", linked: false, after: .days(2)) { incidentOut.write($0.nativeJSON + "\n") }
        incidentOut.close()
        let ingestLog = "\(dir)/incident-scale-ingest.log"
        defer { unlink(ingestLog) }
        if store != nil {
            let migrate = try ChildProcess.run([hindsight, "migrate", "--db", db], outputPath: ingestLog)
            guard migrate.exitStatus == 0 else { throw ChildProcess.Failure(description: "migrate for the incident-at-scale run failed; see \(ingestLog)") }
        }
        let ingest = try ChildProcess.run([hindsight, "ingest", "--quiet", "--db", db, backgroundFile, incidentFile], outputPath: ingestLog)
        guard ingest.exitStatus == 0 else { throw ChildProcess.Failure(description: "ingest for the incident-at-scale run failed; see \(ingestLog)") }
        let built = monotonicSeconds() - buildStart

        let log = "\(dir)/incident-scale.log"
        var runs: [(String, ChildProcess.Run)] = []
        for (id, label) in [(Self.incident, "linked"), (Self.unlinkedIncident, "unlinked")] {
            runs.append(("analyze --json (\(label))", try ChildProcess.run([hindsight, "analyze", id, "--json", "--db", db], outputPath: log)))
            runs.append(
                ("postmortem (\(label))", try ChildProcess.run([hindsight, "postmortem", id, "--db", db, "-o", "\(dir)/incident-scale.md"], outputPath: log)))
            runs.append(
                (
                    "postmortem html (\(label))",
                    try ChildProcess.run([hindsight, "postmortem", id, "--format", "html", "--db", db, "-o", "\(dir)/incident-scale.html"], outputPath: log)
                ))
        }
        for (name, r) in runs where r.exitStatus != 0 {
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
            "Incident at scale: \(Formatting.thousands(crashes)) crash events per incident in a \(Formatting.thousands(background + 2 * crashes))-event store (built in \(String(format: "%.0f", built)) s)"
        ]
            + runs.map { line($0.0, $0.1) }
    }

    /// A config pushed everywhere, a million crash events over an hour on 200,000 hosts, the lifecycle;
    /// `linked: false` leaves every signal without `incident`, as monitoring and crash reporters send them.
    func forEachIncidentEvent(
        _ incident: String = Self.incident, service: String = "bench-fleet", linked: Bool = true,
        after: TimeSpan = .days(0), _ body: (Event) -> Void
    ) {
        let t = BenchmarkMix.start + .days(10) + after
        let link = linked ? incident : nil
        let p = linked ? "bench" : "bench-u"
        let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]
        body(
            Event(
                id: "\(p)-trigger", time: t, kind: .config, service: service, summary: "content push to every host",
                version: "content-991", scope: Scope(percent: 100, hosts: 200_000)))
        let span = TimeSpan.hours(1).milliseconds
        for i in 0..<crashes {
            let at = t + .minutes(1) + TimeSpan(milliseconds: Int64(i) * span / Int64(crashes))
            body(
                Event(
                    id: "\(p)-crash-\(i)", time: at, kind: .crash, service: service, version: "content-991",
                    incident: link, host: "host-\(i % 200_000)", labels: Labels(["region": regions[i % regions.count]])))
        }
        body(Event(id: "\(p)-report", time: t + .minutes(9), kind: .report, service: service, summary: "customers see crashes"))
        body(Event(id: "\(p)-alert", time: t + .minutes(12), kind: .alert, service: service, summary: "crash rate", incident: link))
        body(
            Event(
                id: "\(p)-declared", time: t + .minutes(15), kind: .incident, service: service, status: "declared", incident: incident,
                title: "Fleet crashes after content push"))
        body(Event(id: "\(p)-rollback", time: t + .minutes(62), kind: .rollback, service: service, reverts: "\(p)-trigger"))
        body(Event(id: "\(p)-mitigated", time: t + .minutes(63), kind: .incident, service: service, status: "mitigated", incident: incident))
        body(Event(id: "\(p)-resolved", time: t + .hours(3), kind: .incident, service: service, status: "resolved", incident: incident))
    }
}
