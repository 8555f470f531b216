import Hindsight

/// `?,?,?`: the placeholders of an `IN (…)` list of `count` bound values.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ",")
}

/// `'alert','crash','report'`: kinds as SQL literals (their raw values are fixed identifiers, never user text).
func sqlList(_ kinds: [EventKind]) -> String {
    kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
}
