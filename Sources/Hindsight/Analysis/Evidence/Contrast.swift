/// The contrast statistic the version, region and host rules share: how much more likely it is that a share `s`
/// of the failing signals (or hosts) fall inside a change's reach if the change caused them than if it is a
/// bystander whose reach holds a share `e` of the fleet. A cause puts nearly every failure inside its reach
/// (0.95: some failures come from elsewhere anyway); a bystander, its fleet share. The binomial log-likelihood
/// ratio per observation, counted for up to ten observations: one signal says little, a dozen say it all.
package enum Contrast {
    /// The share of failures inside a cause's reach.
    static let inside = 0.95

    package static func llr(share s: Double, fleet e: Double, observations n: Int) -> Double {
        let p0 = min(max(e, 0.01), 0.99)
        let perObservation = s * LogMath.ln(inside / p0) + (1 - s) * LogMath.ln((1 - inside) / (1 - p0))
        return perObservation * Double(min(max(n, 0), 10)) / 10
    }

    /// Contrasts this small are no contrast: the sentence says so and the value is 0.
    static let dead = 0.05
}
