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
        // wait4 reports this child's rusage alone, unlike getrusage(RUSAGE_CHILDREN), which keeps the maximum over all children.
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "waiting for '\(argv[0])' failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = monotonicSeconds() - start
        let exited = status & 0x7F == 0
        let exitStatus = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        #if os(Linux)
        let peak = usage.ru_maxrss * 1024  // kilobytes on Linux
        #else
        let peak = usage.ru_maxrss  // bytes on macOS
        #endif
        return Run(seconds: seconds, peakBytes: Int(peak), exitStatus: exitStatus)
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
