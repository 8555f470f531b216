import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `hindsight serve` on a free loopback port, over a store (a file in a private folder unless given
/// another location), and the CLI beside it.
final class ServeProcess: @unchecked Sendable {  // `port` is set once, before any task reads it
    let folder: URL
    let db: String
    /// The key file `serve` is given, when not its default (servers sharing one PostgreSQL store share it).
    let keyFile: String?
    let process = Process()
    private(set) var port = 0
    let output = Pipe()

    init(db location: String? = nil, keyFile: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = location ?? folder.appendingPathComponent("store.db").path
        self.keyFile = keyFile
    }

    /// Runs `hindsight args… --db store`; returns status and standard output.
    func cli(_ args: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        let input = Pipe()
        if stdin != nil { p.standardInput = input }
        p.executableURL = try Self.binary()
        p.arguments = args + ["--db", db]
        p.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `hindsight token create args…` and returns the token it printed once.
    func createToken(_ args: [String]) throws -> String {
        let created = try cli(["token", "create"] + args)
        guard created.status == 0,
            let token = created.stdout.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("hs_") })
        else { throw ServeFailed(output: "token create exited \(created.status) printing no token: \(created.stdout)\(created.stderr)") }
        return token
    }

    /// Starts the server and waits for the line naming its port.
    func start(_ extra: [String] = []) throws {
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--port", "0", "--db", db] + (keyFile.map { ["--key-file", $0] } ?? []) + extra
        process.currentDirectoryURL = folder
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: "http://127.0.0.1:") {
                let digits = seen[range.upperBound...].prefix { $0.isNumber }
                if seen[range.upperBound...].dropFirst(digits.count).first != nil { port = Int(digits) ?? 0 }
            }
        }
        guard port != 0 else { throw ServeFailed(output: seen) }
    }

    /// Sends SIGTERM and waits for a graceful exit; returns its status.
    @discardableResult
    func stop() -> Int32 {
        guard port != 0 else { return 0 }  // never started
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func cleanUp() {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// POSTs `body` to `path` with a bearer token; returns status and body.
    func post(_ path: String, token: String, body: Data) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    struct ServeFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "hindsight serve did not report its port; it printed: \(output)" }
    }

    /// The `hindsight` executable next to this test bundle; `HINDSIGHT_BINARY` overrides it.
    static func binary() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["HINDSIGHT_BINARY"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("hindsight")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        throw ServeFailed(output: "the hindsight binary is not built next to the tests; run 'swift build --build-tests' first, or set HINDSIGHT_BINARY")
    }
}
