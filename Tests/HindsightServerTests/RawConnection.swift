import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP connection to the server on loopback that sends exactly the bytes a test gives it, when it
/// gives them: a slow client, a client that hangs up, a request with a body the server should not read.
/// Its socket never blocks: waiting is `Task.sleep`, so the server's own tasks keep running on the
/// few threads Swift's concurrency has.
final class RawConnection {
    let fd: Int32
    /// What the server sent so far.
    private(set) var received: [UInt8] = []
    private(set) var closedByServer = false
    private var open = true

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure("connect: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { hangUp() }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Closes the connection from the client's side.
    func hangUp() {
        guard open else { return }
        open = false
        close(fd)
    }

    /// Sends `text`; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String, seconds: Double = 10) async -> Bool { await send(Array(text.utf8), seconds: seconds) }

    /// Sends `bytes`, waiting while the server does not read, for at most `seconds`; false once the
    /// server has closed the connection or the time is up.
    @discardableResult
    func send(_ bytes: [UInt8], seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            } else {
                return false
            }
        }
        return true
    }

    /// Reads what arrives for up to `seconds`; true as soon as the server has closed the connection.
    func waitForClose(seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !readAvailable() && Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return closedByServer
    }

    /// Whether the connection is still open once whatever has arrived by now is read.
    var isOpen: Bool {
        _ = readAvailable()
        return !closedByServer
    }

    /// Reads until a whole response (head and `Content-Length` body) has arrived or `seconds` pass;
    /// its status, headers (lowercased names) and body.
    func response(seconds: Double = 10) async throws -> (status: Int, headers: [String: String], body: String) {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            _ = readAvailable()
            if let parsed = Self.parse(received) { return parsed }
            guard Date() < deadline, !closedByServer else {
                throw Failure("no whole response within \(seconds) s; got: \(String(decoding: received, as: UTF8.self))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads everything available now; true once the server has closed the connection.
    private func readAvailable() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !closedByServer {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 {
                received += buffer[0..<n]
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                closedByServer = true
            }
        }
        return closedByServer
    }

    static func parse(_ bytes: [UInt8]) -> (status: Int, headers: [String: String], body: String)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = String(text[end.upperBound...])
        guard body.utf8.count >= Int(headers["content-length"] ?? "0") ?? 0 else { return nil }
        return (status, headers, body)
    }
}
