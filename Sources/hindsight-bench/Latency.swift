/// Percentiles of a set of measured durations, in seconds.
struct Latency {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    /// Nearest-rank percentile (`p` from 0 to 100).
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    var median: Double { percentile(50) }
}
