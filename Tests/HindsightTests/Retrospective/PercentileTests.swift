import Hindsight
import Testing

/// The nearest-rank percentile every figure uses.
@Suite struct PercentileTests {
    @Test func nearestRankIsAnObservedValue() {
        let values: [Int64] = [40, 10, 30, 20]
        #expect(Percentile.nearestRank(values, 50) == 20, "lower middle of an even count")
        #expect(Percentile.nearestRank(values, 90) == 40)
        #expect(Percentile.nearestRank(values, 0) == 10)
        #expect(Percentile.nearestRank(values, 100) == 40)
        #expect(Percentile.nearestRank([5, 1, 3], 50) == 3)
        #expect(Percentile.nearestRank(Array(1...10), 90) == 9)
        #expect(Percentile.nearestRank(Array(1...11), 90) == 10)
        #expect(Percentile.nearestRank([], 50) == nil)
        #expect(Percentile.of([.minutes(3), .minutes(1)], 50) == .minutes(1))
    }
}
