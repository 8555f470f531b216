import Foundation

/// `hindsight serve --port 0 ARGS…` started for a benchmark: its port, its pid (for its memory and CPU
/// time), and its per-request log lines read and dropped (a full pipe would block it).
final class ServeChild {
    let process = Process()
    let port: Int

    init(hindsight: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: hindsight)
        process.arguments = ["serve", "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        port = try Self.port(from: out)
        Thread.detachNewThread { while !out.fileHandleForReading.availableData.isEmpty {} }
    }

    var pid: pid_t { process.processIdentifier }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The port of the line `serve` prints first: `… on http://127.0.0.1:PORT`.
    static func port(from pipe: Pipe) throws -> Int {
        var seen = ""
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { throw ChildProcess.Failure(description: "hindsight serve exited: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
            if let r = seen.range(of: "://127.0.0.1:") {
                let digits = seen[r.upperBound...].prefix { $0.isNumber }
                if seen[r.upperBound...].count > digits.count, let p = Int(digits) { return p }
            }
        }
    }

    /// The server's peak resident memory since it started or since the last `resetPeak`, in bytes.
    var peakMemory: Int { ChildProcess.highWaterMark(pid) }

    /// Starts a new peak from the current resident memory (Linux's `clear_refs` 5); false when refused.
    @discardableResult
    func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)) != nil
    }
}
