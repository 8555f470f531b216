import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Many clients at once, each posting a large chunked body the server should refuse: the answers they
/// got, and the server's peak resident memory while they did (issue 23: 32 × 9.5 MB without a token
/// once took a server from 57 to 429 MB).
struct BodyFlood {
    var port: Int
    var path: String
    /// Extra request header lines, each ending in CRLF.
    var headers = ""
    var clients = 32
    var bytesPerClient = 9_961_472  // 9.5 MiB

    struct Outcome: Sendable {
        /// How many clients got each status (0: no answer).
        var statuses: [Int: Int] = [:]
        /// Bytes the clients managed to send in all.
        var sent = 0
        var seconds = 0.0
    }

    /// The clients' outcomes, gathered from their threads.
    final class Tally: Sendable {
        let outcome = Mutex(Outcome())
    }

    func run() -> Outcome {
        let tally = Tally()
        let start = monotonicSeconds()
        let done = DispatchGroup()
        for _ in 0..<clients {
            done.enter()
            Thread.detachNewThread { [port, path, headers, bytesPerClient] in
                let (status, sent) = Self.post(port: port, path: path, headers: headers, bytes: bytesPerClient)
                tally.outcome.withLock { o in
                    o.statuses[status, default: 0] += 1
                    o.sent += sent
                }
                done.leave()
            }
        }
        done.wait()
        var outcome = tally.outcome.withLock { $0 }
        outcome.seconds = monotonicSeconds() - start
        return outcome
    }

    /// One client: the head, then 64 KiB chunks until `bytes` are sent or the server closes; the status
    /// of the answer (0 when none came).
    static func post(port: Int, path: String, headers: String, bytes: Int) -> (status: Int, sent: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return (0, 0) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return (0, 0) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func send(_ data: [UInt8]) -> Bool {
            var offset = 0
            while offset < data.count {
                let n = data[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n\(headers)Transfer-Encoding: chunked\r\n\r\n"
        guard send(Array(head.utf8)) else { return (0, 0) }
        let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: " "), count: 0x10000) + Array("\r\n".utf8)
        var sent = 0
        while sent < bytes && send(chunk) { sent += 0x10000 }
        if sent >= bytes { _ = send(Array("0\r\n\r\n".utf8)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !answer.contains(0x0A) {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        let line = String(decoding: answer, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        return (parts.count >= 2 ? Int(parts[1]) ?? 0 : 0, sent)
    }
}
