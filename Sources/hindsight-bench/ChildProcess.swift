import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program as a child and measures it: wall time and the child's own peak resident memory.
struct ChildProcess {
    /// What one run cost.
    struct Run {
        var seconds: Double
        /// Peak resident set size of the child alone (wait4's rusage), in bytes.
        var peakBytes: Int
        var exitStatus: Int32
        /// User + system CPU time of the child: its work, whatever else the machine runs.
        var cpuSeconds = 0.0
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Spawns `argv` (looked up on PATH), stdout and stderr to `outputPath`, and waits for it.
    static func run(_ argv: [String], outputPath: String) throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let start = monotonicSeconds()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else {
            throw Failure(description: "cannot run '\(argv[0])': \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        // The child's own peak: its VmHWM, sampled until it exits. wait4's ru_maxrss is no good
        // here: posix_spawn starts the child on the parent's memory, and Linux carries that
        // high-water mark past exec, so every child would report at least this process's size.
        var sampledPeak = 0
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 {
                guard errno == EINTR else { throw Failure(description: "waiting for '\(argv[0])' failed: \(String(cString: strerror(errno)))") }
                continue
            }
            sampledPeak = max(sampledPeak, Self.highWaterMark(pid))
            usleep(2000)
        }
        let seconds = monotonicSeconds() - start
        let exited = status & 0x7F == 0
        let exitStatus = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        #if os(Linux)
            let peak = sampledPeak > 0 ? sampledPeak : Int(usage.ru_maxrss) * 1024
        #else
            let peak = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Run(seconds: seconds, peakBytes: peak, exitStatus: exitStatus, cpuSeconds: cpu)
    }
}

extension ChildProcess {
    /// A running process's peak resident memory (`VmHWM` in /proc/PID/status), in bytes; 0 when unknown.
    static func highWaterMark(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return (Int(line.filter(\.isNumber)) ?? 0) * 1024
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU time this process has used, in seconds: a core's work, whatever else the machine runs.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
