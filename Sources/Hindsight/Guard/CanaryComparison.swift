/// The canary question in numbers: the signals since a change's first step on what it reached (its version, the
/// regions it reached, or its whole service) and on the rest of the fleet, each against what the usual rate would
/// have produced there, and the likelihood ratio of those counts between "the change makes what it reached fail
/// more often" and "it does not".
///
/// Both hypotheses let the whole service run busier or quieter than its baseline by a common factor `k` (the
/// baseline hour never matches the next exactly, noisy services burst, and now and then an unrelated incident
/// raises everything): mostly near 1, log-normal with spread `drift`, and, with the chance that an unrelated surge
/// begins in the span watched (`surgesPerHour`), anywhere from 1.5× to 100×. The group runs apart from the rest by a
/// factor `g`, log-normal with spread `groupDrift` (failures cluster on hosts, so a group's share wanders more than
/// a count's own scatter). A bad change further multiplies the failure rate of the part it reached by `m`,
/// log-uniform from 1.5× to 1,000×. All are integrated out on grids, so the ratio is a Bayes factor: silence on a
/// well-exposed change lowers it, a rise on the rest of the fleet as much as on the change's part explains itself
/// by `k`, and a rise where nothing else can be compared (a change on the whole fleet) counts only as far as a
/// surge at that very moment is unlikely.
public struct CanaryComparison: Sendable, Equatable {
    /// What the exposed group is, for sentences: `version 'v2'`, `eu-west-1`, `checkout`.
    public var group: String
    /// Signal occurrences in the group since the first step, and how many the usual rate would have given there.
    public var inGroup: Int
    public var expectedInGroup: Double
    /// Of `expectedInGroup`, what the part the change reached would have given (all of it for a version; its share
    /// of a region or service otherwise): only this part fails more if the change is bad.
    public var expectedExposed: Double
    /// Signal occurrences outside the group since the first step, and how many the usual rate would have given there
    /// (both 0 when nothing is left to compare with).
    public var outside: Int
    public var expectedOutside: Double
    /// How long since the first step, in hours: the longer, the likelier an unrelated surge began in it.
    public var hours: Double
    /// For a version: the hosts its signals name, and their signal occurrences in the baseline window before the first
    /// step (their own usual rate, which sets `expectedInGroup` when it is the higher); 0 otherwise.
    public var groupHosts: Int
    public var groupHostsBefore: Int

    public init(
        group: String, inGroup: Int, expectedInGroup: Double, expectedExposed: Double, outside: Int, expectedOutside: Double, hours: Double,
        groupHosts: Int = 0, groupHostsBefore: Int = 0
    ) {
        self.group = group
        self.inGroup = inGroup
        self.expectedInGroup = expectedInGroup
        self.expectedExposed = expectedExposed
        self.outside = outside
        self.expectedOutside = expectedOutside
        self.hours = hours
        self.groupHosts = groupHosts
        self.groupHostsBefore = groupHostsBefore
    }

    /// The spread of the common factor's logarithm in ordinary times.
    static let drift = 0.5
    /// How often a service runs far above its baseline for reasons of its own: once a week.
    static let surgesPerHour = 1.0 / 168
    /// The spread of the logarithm of the group's factor against the rest.
    static let groupDrift = 0.3

    /// `ln` of the Bayes factor, bad against not.
    public var logLikelihoodRatio: Double {
        let a = max(expectedInGroup, 1e-6)
        let x = min(max(expectedExposed, 1e-6), a)
        let b = max(expectedOutside, 0)
        let n1 = Double(inGroup)
        let n0 = Double(outside)
        let surge = min(max(1 - LogMath.power(-Self.surgesPerHour * hours), 1e-6), 0.5)
        let steady = LogMath.ln(1 - surge)
        let surging = LogMath.ln(surge)
        let compared = b > 0 || n0 > 0
        var bad: [Double] = []
        var notBad: [Double] = []
        for (k, kWeight, isSurge) in Self.commonFactors {
            let kw = kWeight + (isSurge ? surging : steady)
            let rest = compared ? Self.poisson(n0, k * max(b, 1e-6)) : 0
            // Without a rest to compare with, the group's factor is the common one's.
            for (g, gWeight) in compared ? Self.groupFactors : [(1, 0)] {
                notBad.append(kw + gWeight + Self.poisson(n1, k * g * a) + rest)
                for (m, mWeight) in Self.multipliers {
                    bad.append(kw + gWeight + mWeight + Self.poisson(n1, k * g * (a + (m - 1) * x)) + rest)
                }
            }
        }
        return Self.logSumExp(bad) - Self.logSumExp(notBad)
    }

    /// The common factor's grid: each point with the logarithm of its prior weight within its part (ordinary drift,
    /// or a surge), and which part it is in.
    static let commonFactors: [(Double, Double, Bool)] = {
        let steps = 25
        let low = LogMath.ln(1.5)
        let high = LogMath.ln(100)
        return logNormal(spread: drift, steps: steps).map { ($0.0, $0.1, false) }
            + (0..<steps).map { i in (LogMath.power(low + (high - low) * Double(i) / Double(steps - 1)), -LogMath.ln(Double(steps)), true) }
    }()

    /// The group's factor's grid with the logarithms of its prior weights (summing to 1).
    static let groupFactors = logNormal(spread: groupDrift, steps: 13)

    /// A log-normal factor with median 1 on `steps` points from −3 to +3 spreads, with the logarithms of its weights.
    static func logNormal(spread: Double, steps: Int) -> [(Double, Double)] {
        let z = (0..<steps).map { -3 + 6 * Double($0) / Double(steps - 1) }
        let total = logSumExp(z.map { -$0 * $0 / 2 })
        return z.map { (LogMath.power($0 * spread), -$0 * $0 / 2 - total) }
    }

    /// The bad change's multiplier's grid with the logarithms of its prior weights (log-uniform, summing to 1).
    static let multipliers: [(Double, Double)] = {
        let steps = 30
        let low = LogMath.ln(1.5)
        let high = LogMath.ln(1000)
        return (0..<steps).map { i in (LogMath.power(low + (high - low) * Double(i) / Double(steps - 1)), -LogMath.ln(Double(steps))) }
    }()

    /// `ln P(n | λ)` of a Poisson count without the `ln n!` both hypotheses share.
    static func poisson(_ n: Double, _ lambda: Double) -> Double { n * LogMath.ln(lambda) - lambda }

    static func logSumExp(_ xs: [Double]) -> Double {
        guard let top = xs.max(), top > -Double.infinity else { return -Double.infinity }
        return top + LogMath.ln(xs.reduce(0) { $0 + LogMath.power($1 - top) })
    }
}
