import Foundation
import Hindsight
import HindsightStore

/// One input's progress on a terminal's stderr, redrawn at most 4 times a second: while reading, the
/// share of the input read and the time left (when its size is known), records and rate; then each
/// phase after it (index builds, the commit), so no stretch of the ingest is silent.
final class ProgressLine {
    let file: String
    let start: Date
    var lastDraw = Date.distantPast
    var drawn = false
    var last: IngestProgress?

    init(file: String, start: Date = Date()) {
        self.file = file
        self.start = start
    }

    func update(_ p: IngestProgress) {
        let now = Date()
        // A new phase is shown at once; the same phase at most 4 times a second.
        guard p.phase != last?.phase || now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        last = p
        lastDraw = now
        drawn = true
        writeStderr("\r\u{1B}[K" + Self.text(file: file, p, elapsed: now.timeIntervalSince(start)))
    }

    /// Incident summaries recomputed so far, of how many.
    func update(summaries done: Int, of total: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 || done == total else { return }
        lastDraw = now
        drawn = true
        writeStderr("\r\u{1B}[K\(file): \(Formatting.thousands(done)) of \(Formatting.thousands(total)) incident summaries recomputed")
    }

    func clear() {
        if drawn { writeStderr("\r\u{1B}[K") }
    }

    /// `events.jsonl: 42% · 1,234,567 records · 512,300 records/s · 3s left`.
    static func text(file: String, _ p: IngestProgress, elapsed: Double) -> String {
        let records = "\(Formatting.thousands(p.records)) record\(p.records == 1 ? "" : "s")"
        switch p.phase {
        case .reading:
            var parts = [records, rate(p.records, elapsed)]
            if let total = p.totalBytes, total > 0 {
                let share = min(1, Double(p.bytes) / Double(total))
                parts.insert("\(Int(share * 100))%", at: 0)
                if share > 0.01 && share < 1 { parts.append(duration(elapsed * (1 - share) / share) + " left") }
            } else {
                parts.append(bytes(p.bytes) + " read")
            }
            return "\(file): " + parts.joined(separator: " · ")
        case .indexing(let name, let number, let count):
            return "\(file): \(records) read; building index \(number) of \(count) (\(name)) · \(duration(elapsed))"
        case .committing:
            return "\(file): \(records) read; committing · \(duration(elapsed))"
        case .summaries(let done, let total):
            return
                "\(file): \(records) stored; \(Formatting.thousands(done)) of \(Formatting.thousands(total)) incident summaries recomputed · \(duration(elapsed))"
        }
    }

    /// `512,300 records/s`.
    static func rate(_ records: Int, _ seconds: Double) -> String {
        "\(Formatting.thousands(Int(Double(records) / max(seconds, 0.001)))) records/s"
    }

    /// `850ms`, `12.3s`, `4m 05s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60)
    }

    /// `512 KiB`, `1.5 GiB`.
    static func bytes(_ n: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }
}
