/// Finds the nearest known word to a misspelt one ("servce" → "service").
package enum Suggest {
    /// The closest candidate within an edit distance that scales with the word's length, if any.
    package static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let best else { return nil }
        return best.1 <= limit(word.count) ? best.0 : nil
    }

    /// The closest id to a mistyped one: one edit in four characters (at least one, at most three), or
    /// the same id with one stretch left out or added (`knight-capital-2012-08-01` → `knight-2012-08-01`):
    /// what the two share at their start and end covers all but a few characters of the shorter, which
    /// is at least half as long as the other. Ties go to the fewest edits, then to the first in order.
    package static func nearestID(_ id: String, in candidates: some Sequence<String>) -> String? {
        // The distance costs the product of the lengths: a text longer than any id is nobody's typo.
        guard id.utf8.count <= maxIDLength else { return nil }
        let w = Array(id.lowercased())
        let edits = max(1, min(3, w.count / 4))
        var best: (String, Int)?
        for c in candidates where c != id {
            let other = Array(c.lowercased())
            let d = distance(w, other)
            guard d < (best?.1 ?? Int.max), d <= edits || sharesEnds(w, other) else { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// The longest text `nearestID` looks for a near id of.
    package static let maxIDLength = 256

    /// One edit for a short word, up to three for a long one.
    static func limit(_ length: Int) -> Int { max(1, min(3, length / 3 + 1)) }

    /// Whether the common start and end of `a` and `b` leave at most a few characters of the shorter
    /// uncovered, the shorter being at least 4 characters and half the longer.
    static func sharesEnds(_ a: [Character], _ b: [Character]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 4, short.count * 2 >= long.count else { return false }
        var prefix = 0
        while prefix < short.count && short[prefix] == long[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < short.count - prefix && short[short.count - 1 - suffix] == long[long.count - 1 - suffix] { suffix += 1 }
        return prefix + suffix >= short.count - limit(short.count) + 1 && prefix + suffix >= 4
    }

    /// Damerau–Levenshtein (optimal string alignment) distance, three rows at a time.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
