/// The rounded, spelled-out numbers of the what-if sentence ("about 85,000 hosts instead of 8.5 million").
public enum WhatIfWording {
    /// Two significant figures from 100 up, "million" from a million: `84_999` → `85,000`, `8_500_000` → `8.5 million`.
    public static func about(_ n: Int) -> String {
        guard n >= 100 else { return String(n) }
        let rounded = roundSignificant(Double(n), figures: 2)
        if rounded >= 1_000_000 {
            let millions = rounded / 1_000_000
            return (millions < 10 ? oneDecimal(millions) : Formatting.thousands(Int(millions.rounded()))) + " million"
        }
        return Formatting.thousands(Int(rounded))
    }

    /// `100` → `100`, `2.54` → `2.5`, `1234` → `1,200`.
    public static func factor(_ f: Double) -> String {
        f >= 10 ? Formatting.thousands(Int(roundSignificant(f, figures: 2))) : oneDecimal(f)
    }

    /// A share of the fleet with at most two decimals: `1%`, `0.5%`, `33.33%`.
    public static func percent(_ p: Double) -> String { Formatting.decimal((p * 100).rounded() / 100) + "%" }

    /// `30 minutes`, `1 hour`, `1 hour 30 minutes`, `2 days 3 hours`: the two largest units, in words.
    public static func span(_ s: TimeSpan) -> String {
        var rest = abs(s.milliseconds) / 1000
        var parts: [String] = []
        for (unit, size) in [("day", Int64(86_400)), ("hour", 3600), ("minute", 60), ("second", 1)] where rest >= size {
            let n = rest / size
            rest %= size
            parts.append("\(n) \(unit)\(n == 1 ? "" : "s")")
        }
        return parts.isEmpty ? "0 seconds" : parts.prefix(2).joined(separator: " ")
    }

    static func roundSignificant(_ x: Double, figures: Int) -> Double {
        guard x > 0 else { return 0 }
        var scale = 1.0
        while x / scale >= pow10(figures) { scale *= 10 }
        return (x / scale).rounded() * scale
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    static func oneDecimal(_ d: Double) -> String { Formatting.decimal((d * 10).rounded() / 10) }
}
