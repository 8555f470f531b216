/// The one percentile definition every figure of Hindsight uses: nearest rank.
///
/// The p-th percentile of n values is the value at rank ⌈p/100 × n⌉ of the values sorted ascending
/// (rank 1 for p = 0). It is always one of the observed values; the median is the 50th percentile
/// under the same rule, so for an even count it is the lower of the two middle values.
public enum Percentile {
    /// The stated definition, for reports.
    public static let definition =
        "nearest rank: the p-th percentile of n values is the value at rank ⌈p/100 × n⌉ of the values sorted ascending, "
        + "so it is always an observed value; the median is the 50th percentile (for an even count, the lower middle value)"

    /// The p-th percentile (0–100) of `values`; `nil` when there are none.
    public static func nearestRank(_ values: [Int64], _ p: Int) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, (p * sorted.count + 99) / 100)
        return sorted[min(rank, sorted.count) - 1]
    }

    /// The p-th percentile of spans.
    public static func of(_ spans: [TimeSpan], _ p: Int) -> TimeSpan? {
        nearestRank(spans.map(\.milliseconds), p).map(TimeSpan.init(milliseconds:))
    }
}
