extension String {
    /// The text without leading and trailing white space.
    var trimmingSpaces: String { trimmingCharacters(" \t\r\n") }

    /// The text without leading and trailing characters of `set`.
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
