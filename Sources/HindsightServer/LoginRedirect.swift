import Foundation

/// Where the login form sends a browser afterwards: only a path on this server. A browser reads
/// `//host`, `/\host`, `/<TAB>/host` and their encodings as another site, so anything but `/` followed
/// by a character other than `/` and `\`, with no control character or whitespace at any level of
/// decoding (but a space that was percent-encoded), goes to `/`.
package enum LoginRedirect {
    /// `next` (already decoded once, as a form or query field) when it is a same-site relative path,
    /// ready for a `Location` header; `/` otherwise.
    package static func safeNext(_ next: String?) -> String {
        guard let next, !next.isEmpty else { return "/" }
        var level = next
        // Each decoding a server or a browser might apply; three levels cover double-encoded forms, and
        // a value still changing after them is refused too.
        for depth in 0..<4 {
            guard isSafe(level, decoded: depth > 0) else { return "/" }
            let decoded = percentDecoded(level)
            if decoded == level { return locationPath(next) }
            level = decoded
        }
        return "/"
    }

    /// `text` with every well-formed `%XX` decoded and the rest kept, as a lenient server would: an id
    /// holding a bare `%` stays a path, and one stray `%` does not hide the escapes beside it.
    static func percentDecoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = WebhookSignature.nibble(bytes[i + 1]),
                let lo = WebhookSignature.nibble(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `path` is `/` then anything but `/` or `\`, with no `\`, control character or whitespace.
    /// A space that was percent-encoded (`decoded`) stays: browsers keep `%20` as it is, so
    /// `/incidents/INC%2042` is still followed.
    static func isSafe(_ path: String, decoded: Bool) -> Bool {
        let scalars = Array(path.unicodeScalars)
        guard scalars.first == "/" else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        return !scalars.contains { $0 == "\\" || (forbidden.contains($0) && !(decoded && $0 == " ")) }
    }

    static let forbidden = CharacterSet.controlCharacters.union(.whitespacesAndNewlines).union(.illegalCharacters)

    /// `path` ready for a `Location` header: printable ASCII but the characters URLs never carry bare,
    /// each escape already in it kept, every other byte (a bare `%` too) percent-encoded.
    static func locationPath(_ path: String) -> String {
        let bytes = Array(path.utf8)
        var out = ""
        for (i, byte) in bytes.enumerated() {
            let escape =
                byte == UInt8(ascii: "%") && i + 2 < bytes.count
                && WebhookSignature.nibble(bytes[i + 1]) != nil && WebhookSignature.nibble(bytes[i + 2]) != nil
            if escape || (byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") && !"\"<>\\^`{|}".utf8.contains(byte)) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
