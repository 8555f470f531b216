import Foundation
import Hindsight

/// A progress line on a terminal's stderr: records read and records per second, redrawn at most 4 times a second.
final class ProgressLine {
    let file: String
    let start = Date()
    var lastDraw = Date.distantPast

    init(file: String) { self.file = file }

    /// Records read so far; bytes are not shown because another thread is reading the input.
    func update(records: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let rate = Double(records) / max(now.timeIntervalSince(start), 0.001)
        writeStderr("\r\u{1B}[K\(file): \(Formatting.thousands(records)) records read, \(Formatting.thousands(Int(rate))) events/s")
    }

    /// Incident summaries recomputed so far, of how many.
    func update(summaries done: Int, of total: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 || done == total else { return }
        lastDraw = now
        writeStderr("\r\u{1B}[K\(file): \(Formatting.thousands(done)) of \(Formatting.thousands(total)) incident summaries recomputed")
    }

    func clear() {
        if lastDraw != .distantPast { writeStderr("\r\u{1B}[K") }
    }
}
