extension String {
    /// The text without leading and trailing white space.
    var trimmingSpaces: String { trimmingCharacters(" \t\r\n") }

    /// The text without leading and trailing characters made of `set`'s scalars (by scalar, so that a
    /// lone `\n` is trimmed by a set written `" \t\r\n"`, whose `\r\n` is one character).
    func trimmingCharacters(_ set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        var s = Substring(self)
        while let f = s.first, f.unicodeScalars.allSatisfy(scalars.contains) { s.removeFirst() }
        while let l = s.last, l.unicodeScalars.allSatisfy(scalars.contains) { s.removeLast() }
        return String(s)
    }
}
