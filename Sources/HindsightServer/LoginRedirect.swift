import Foundation

/// Where the login form sends a browser afterwards: only a path on this server. A browser reads
/// `//host`, `/\host`, `/<TAB>/host` and their encodings as another site, so anything but `/` followed
/// by a character other than `/` and `\`, with no control character or whitespace at any level of
/// decoding, goes to `/`.
package enum LoginRedirect {
    /// `next` (already decoded once, as a form or query field) when it is a same-site relative path,
    /// ready for a `Location` header; `/` otherwise.
    package static func safeNext(_ next: String?) -> String {
        guard let next, !next.isEmpty else { return "/" }
        var level = next
        // Each decoding a server or a browser might apply; three levels cover double-encoded forms, and
        // a value still changing after them is refused too.
        for _ in 0..<4 {
            guard isSafe(level) else { return "/" }
            guard let decoded = level.removingPercentEncoding else { return "/" }
            if decoded == level { return next.addingPercentEncoding(withAllowedCharacters: locationAllowed) ?? "/" }
            level = decoded
        }
        return "/"
    }

    static func isSafe(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        guard scalars.first == "/" else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        return !scalars.contains { $0 == "\\" || forbidden.contains($0) }
    }

    static let forbidden = CharacterSet.controlCharacters.union(.whitespacesAndNewlines).union(.illegalCharacters)

    /// What a `Location` path may hold as it is: printable ASCII but the characters URLs never carry bare;
    /// `%` stays so escapes already in the path are kept.
    static let locationAllowed = CharacterSet(charactersIn: Unicode.Scalar(0x21)...Unicode.Scalar(0x7E)).subtracting(CharacterSet(charactersIn: "\"<>\\^`{|}"))
}
