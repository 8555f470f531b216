/// When an incident's crashes rose above their background: impact start is the earliest signal (EVENTS.md),
/// but a service that always crashes now and then has stray crashes before the real onset, and the
/// correlator judges changes against the onset, not against the first stray crash.
public enum Onset {
    /// Buckets of the search, and how many make the window a rise is measured over.
    public static let bucket = TimeSpan.minutes(1)
    static let width = 5

    /// A rise is a bucket whose five-minute window holds a quarter of the busiest window's crash events (at
    /// least 4) after five minutes with less than half as many. The onset is the last rise by `detected` (an earlier burst is another
    /// incident's), else the first, when crashes came before it; `nil` when they rose at once or are too few.
    public static func detect(_ counts: [Int], from: Timestamp, detected: Timestamp? = nil) -> Timestamp? {
        guard counts.reduce(0, +) >= 10 else { return nil }
        let windows = counts.indices.map { i in counts[i..<min(i + width, counts.count)].reduce(0, +) }
        let threshold = max(4, (windows.max() ?? 0) / 4)
        let rises = windows.indices.filter { i in
            i >= width && windows[i] >= threshold && counts[i] > 0 && counts[max(0, i - width)..<i].reduce(0, +) * 2 < threshold
        }
        let at = { (i: Int) in from + TimeSpan(milliseconds: Int64(i) * bucket.milliseconds) }
        let chosen = detected.flatMap { d in rises.last { at($0) <= d } } ?? rises.first
        guard let i = chosen, counts[..<i].reduce(0, +) > 0 else { return nil }
        return at(i)
    }
}
