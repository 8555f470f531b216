#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Probabilities and log-odds, for adding evidence as log-likelihood ratios.
enum LogOdds {
    /// `ln(p / (1 − p))`, with `p` kept inside (0, 1).
    static func of(_ p: Double) -> Double {
        let q = min(max(p, 1e-9), 1 - 1e-9)
        return log(q / (1 - q))
    }

    /// The probability of log-odds `x`.
    static func probability(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
