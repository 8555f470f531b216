import Foundation

/// A progress line on a terminal's stderr: records read and records per second, redrawn at most 4 times a second.
final class ProgressLine {
    let file: String
    let start = Date()
    var lastDraw = Date.distantPast

    init(file: String) { self.file = file }

    func update(records: Int, bytes: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let rate = Double(records) / max(now.timeIntervalSince(start), 0.001)
        let mb = Double(bytes) / 1_048_576
        writeStderr("\r\u{1B}[K\(file): \(records.formatted()) records, \(String(format: "%.0f", mb)) MB read, \(Int(rate).formatted()) events/s")
    }

    func clear() {
        if lastDraw != .distantPast { writeStderr("\r\u{1B}[K") }
    }
}
