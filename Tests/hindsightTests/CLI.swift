import Foundation
import Testing

/// Runs the built `hindsight` binary in a private temporary folder.
struct CLI {
    /// What one run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    /// A file in the folder holding `text`; returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs `hindsight args…` with the folder as working directory; `HINDSIGHT_DB` is unset unless given.
    func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = args
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HINDSIGHT_DB")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `hindsight args…` with standard error on a pseudo-terminal, as a person at a terminal sees
    /// it (progress lines included), through util-linux `script`; standard output goes to a file.
    func runOnTerminal(_ args: [String]) throws -> Result {
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let out = path("terminal-stdout-\(UUID().uuidString)")
        let command = ([try Self.binary().path] + args).map(quoted).joined(separator: " ") + " > " + quoted(out)
        // What `script` prints is what reached the terminal: the command's standard error alone.
        let r = try shell(["script", "-qec", command, "/dev/null"])
        let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        // The terminal turns each line feed into a carriage return and a line feed.
        return Result(status: r.status, stdout: stdout, stderr: r.stdout.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// Runs a program found on the PATH, in the folder.
    func shell(_ args: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HINDSIGHT_DB")
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The `hindsight` executable next to this test bundle (the build products folder, whatever
    /// the scratch path); `HINDSIGHT_BINARY` overrides it.
    static func binary() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["HINDSIGHT_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var candidates: [URL] = []
        for start in [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL, Bundle.main.executableURL].compactMap({ $0 }) {
            // Walk up from the test executable (inside `HindsightPackageTests.xctest` on some platforms).
            var dir = start.resolvingSymlinksInPath()
            for _ in 0..<4 {
                dir = dir.deletingLastPathComponent()
                candidates.append(dir.appendingPathComponent("hindsight"))
            }
        }
        for c in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: c.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: c.path)
            {
                return c
            }
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the hindsight binary is not built next to the tests; run 'swift build --build-tests' first, "
                + "or set HINDSIGHT_BINARY (looked in \(searched.joined(separator: ", ")))"
        }
    }
}
