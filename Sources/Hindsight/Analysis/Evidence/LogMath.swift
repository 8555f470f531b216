#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The natural logarithm and exponential from the platform's C library, in one place.
package enum LogMath {
    package static func ln(_ x: Double) -> Double { log(x) }
    package static func power(_ x: Double) -> Double { exp(x) }

    /// `ln(a / b)` with both floored at `floor`, clamped to `[-limit, limit]`.
    package static func ratio(_ a: Double, _ b: Double, floor: Double = 0.01, limit: Double = 5) -> Double {
        min(max(log(max(a, floor) / max(b, floor)), -limit), limit)
    }
}
