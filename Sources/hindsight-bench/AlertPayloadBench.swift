import Foundation
import HindsightStore

/// `make bench` section `alerts`: one Alertmanager webhook body holding 100,000 alerts (about 50 MB,
/// on one line as Alertmanager sends it) ingested by the release binary, against the same body with
/// a tenth of the alerts: peak memory must stay flat in the payload's size (target: under 100 MB).
struct AlertPayloadBench {
    let hindsight: String
    let dir: String
    let alerts: Int

    /// Writes a group of `count` alerts, each about 500 bytes, as one line.
    static func writePayload(count: Int, to path: String) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? out.close() }
        var chunk = #"{"receiver":"hindsight","status":"firing","alerts":["#
        for i in 0..<count {
            if i > 0 { chunk += "," }
            let minute = i % 60
            let second = (i / 60) % 60
            chunk +=
                #"{"status":"firing","labels":{"alertname":"HighErrorRate","service":"svc-\#(i % 200)","instance":"web-\#(i).prod.example.com:9100","#
                + #""severity":"critical","region":"eu-west-\#(i % 3)","team":"payments"},"annotations":{"summary":"5xx above 2% on web-\#(i)","#
                + #""description":"The error rate of web-\#(i) has been above 2% for 5 minutes; runbook https://runbooks.example.com/high-error-rate"},"#
                + #""startsAt":"2024-03-01T10:\#(minute < 10 ? "0" : "")\#(minute):\#(second < 10 ? "0" : "")\#(second)Z","endsAt":"0001-01-01T00:00:00Z","#
                + #""generatorURL":"http://prometheus:9090/graph?g0.expr=errors","fingerprint":"\#(String(i, radix: 16))"}"#
            if chunk.utf8.count > 1 << 20 {
                out.write(chunk.data(using: .utf8)!)
                chunk = ""
            }
        }
        chunk +=
            #"],"groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{},"commonAnnotations":{},"#
            + #""externalURL":"http://alertmanager:9093","version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0}"# + "\n"
        out.write(chunk.data(using: .utf8)!)
        return Int((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
    }

    /// Ingests one payload of `count` alerts into a fresh store: time, peak memory, bytes.
    func measure(count: Int) throws -> (run: ChildProcess.Run, bytes: Int) {
        let payload = "\(dir)/alertmanager-\(count).json"
        let db = "\(dir)/alerts-\(count).db"
        let out = "\(dir)/alerts.out"
        defer { for f in [payload, db, db + "-wal", db + "-shm", out] { try? FileManager.default.removeItem(atPath: f) } }
        let bytes = try Self.writePayload(count: count, to: payload)
        let run = try ChildProcess.run([hindsight, "ingest", "--quiet", "--db", db, payload], outputPath: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard run.exitStatus == 0, text.contains("\(count) new") else {
            throw ChildProcess.Failure(description: "hindsight ingest of \(count) alerts failed (exit \(run.exitStatus)): \(text.prefix(2000))")
        }
        let stored = try EventStore.open(path: db).totalEvents()
        guard stored == count else { throw ChildProcess.Failure(description: "\(count) alerts ingested but \(stored) stored") }
        return (run, bytes)
    }

    func run() throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let small = try measure(count: alerts / 10)
        let large = try measure(count: alerts)
        let growth = Double(large.run.peakBytes) / Double(max(small.run.peakBytes, 1))
        let ok = large.run.peakBytes < 100 << 20
        return [
            "single Alertmanager payload, one line (streamed alert by alert)",
            "  \(grouped(alerts / 10)) alerts, \(mb(small.bytes)): \(seconds(small.run.seconds)), peak \(mb(small.run.peakBytes))",
            "  \(grouped(alerts)) alerts, \(mb(large.bytes)): \(seconds(large.run.seconds)), peak \(mb(large.run.peakBytes))"
                + " (\(String(format: "%.2f×", growth)) the peak for 10× the payload; target < 100 MB: \(ok ? "PASS" : "SHORT"))",
        ]
    }
}
