/// The canary question in numbers: the signals since a change's first step on what it reached (its version, the
/// regions it reached, or its whole service) and on the rest of the fleet, each against what the usual rate would
/// have given there, and the likelihood ratio of those counts between "the change makes what it reached fail
/// more often" and "it does not". A bad change multiplies the failure rate of the part it reached by `m`,
/// log-uniform from 1.5× to 1,000×; it is integrated out, so the ratio is a Bayes factor.
///
/// With a rest to compare with, the counts are compared by the group's share of them (a binomial given their
/// total), so whatever raises or lowers the whole service alike — the baseline hour not matching the next, a
/// noisy service's bursts, an unrelated incident — cancels out. The group runs apart from the rest by a factor
/// `g` even so (failures cluster on hosts): log-normal with spread `groupDrift`, or `surgeGroupDrift` with the
/// chance that an unrelated surge, which hits some hosts and spares others, began in the span watched.
///
/// With nothing to compare with (a change on the whole fleet, or signals that name neither version nor region),
/// the group's count is set against the usual rate times a common factor `k`: log-normal around 1 with spread
/// `drift`, or, with the chance of a surge, anywhere from 1.5× to 100×; so such a rise counts only as far as a
/// surge beginning in that very span is unlikely.
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
    /// The hosts failing far beyond their usual rate in the group and outside it (`GuardFacts.hostsStandingOut`), when
    /// enough do to compare: a regional canary's few hosts stand out where their failures drown in the region's.
    /// Then the ratio averages the two comparisons' Bayes factors, the signals' and the hosts' (either may show a
    /// bad change; neither is counted twice).
    public var hostsInGroup: Int?
    public var hostsOutside = 0

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
    /// The spread of the logarithm of the group's factor against the rest, in ordinary times and in a surge.
    static let groupDrift = 0.3
    static let surgeGroupDrift = 1.0

    /// `ln` of the Bayes factor, bad against not.
    public var logLikelihoodRatio: Double {
        guard let hosts = hostsInGroup else { return signalsLogLikelihoodRatio }
        var byHosts = self
        byHosts.hostsInGroup = nil
        byHosts.inGroup = hosts
        byHosts.outside = hostsOutside
        return Self.logSumExp([signalsLogLikelihoodRatio, byHosts.signalsLogLikelihoodRatio]) - LogMath.ln(2)
    }

    /// `ln` of the Bayes factor of the signal counts alone.
    var signalsLogLikelihoodRatio: Double {
        let a = max(expectedInGroup, 1e-6)
        let x = min(max(expectedExposed, 1e-6), a)
        let surge = min(max(1 - LogMath.power(-Self.surgesPerHour * hours), 1e-6), 0.5)
        if expectedOutside > 0 { return compared(a: a, x: x, b: expectedOutside, surge: surge) }
        let n1 = Double(inGroup)
        var bad: [Double] = []
        var notBad: [Double] = []
        for (k, kWeight, isSurge) in Self.commonFactors {
            let w = kWeight + LogMath.ln(isSurge ? surge : 1 - surge)
            notBad.append(w + Self.poisson(n1, k * a))
            for (m, mWeight) in Self.multipliers { bad.append(w + mWeight + Self.poisson(n1, k * (a + (m - 1) * x))) }
        }
        return Self.logSumExp(bad) - Self.logSumExp(notBad)
    }

    /// The Bayes factor from the group's share of all the signals: the log-odds `θ` of a signal being in the group is
    /// `ln g + ln(expected in the group / expected outside)`, the group's expectation raised by `m` on its exposed part
    /// if the change is bad. `ln g` is integrated numerically on a grid of `θ` fine enough for the likelihood's width
    /// and wide enough for every hypothesis's prior.
    func compared(a: Double, x: Double, b: Double, surge: Double) -> Double {
        let n1 = Double(inGroup)
        let n0 = Double(outside)
        let n = n1 + n0
        guard n > 0 else { return 0 }
        let centres = [LogMath.ln(a / b)] + Self.multipliers.map { LogMath.ln((a + ($0.0 - 1) * x) / b) }
        let share = (n1 + 0.5) / (n + 1)
        let peak = LogMath.ln(share / (1 - share))
        let width = 1 / (share * (1 - share) * (n + 1)).squareRoot()
        let spreads = [(Self.groupDrift, LogMath.ln(1 - surge)), (Self.surgeGroupDrift, LogMath.ln(surge))]
        let low = max(peak - 8 * width, centres.min()! - 5 * Self.surgeGroupDrift)
        let high = min(peak + 8 * width, centres.max()! + 5 * Self.surgeGroupDrift)
        let (from, to) = low < high ? (low, high) : (peak - 8 * width, peak + 8 * width)
        let step = min(width, Self.groupDrift) / 4
        let count = min(Int(((to - from) / step).rounded(.up)) + 1, 4_000)
        let h = (to - from) / Double(max(count - 1, 1))
        let grid = (0..<count).map { from + Double($0) * h }
        // ln p = −ln(1 + e^−θ), ln(1 − p) = −ln(1 + e^θ).
        let likelihood = grid.map { t in -n1 * Self.softplus(-t) - n0 * Self.softplus(t) }
        func marginal(_ centre: Double) -> Double {
            Self.logSumExp(
                spreads.map { spread, weight in
                    let terms = zip(grid, likelihood).map { t, l in l - (t - centre) * (t - centre) / (2 * spread * spread) }
                    return weight + Self.logSumExp(terms) + LogMath.ln(h / (spread * (2 * Double.pi).squareRoot()))
                })
        }
        let notBad = marginal(centres[0])
        let bad = Self.logSumExp(zip(centres.dropFirst(), Self.multipliers).map { marginal($0) + $1.1 })
        return bad - notBad
    }

    /// `ln(1 + e^x)` without overflow.
    static func softplus(_ x: Double) -> Double { x > 30 ? x : LogMath.ln(1 + LogMath.power(x)) }

    /// The common factor's grid: each point with the logarithm of its prior weight within its part (ordinary drift,
    /// or a surge), and which part it is in.
    static let commonFactors: [(Double, Double, Bool)] = {
        let steps = 25
        let low = LogMath.ln(1.5)
        let high = LogMath.ln(100)
        return logNormal(spread: drift, steps: steps).map { ($0.0, $0.1, false) }
            + (0..<steps).map { i in (LogMath.power(low + (high - low) * Double(i) / Double(steps - 1)), -LogMath.ln(Double(steps)), true) }
    }()

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
