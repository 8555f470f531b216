/// Numbers as the rules' sentences print them, so that no rounding says something the data does not.
package enum EvidenceText {
    /// A share (0–1) as a percentage: `0.5` → `50%`, `0.042` → `4.2%`; never "0%" for a share above 0 nor
    /// "100%" for one below 1.
    package static func percent(_ share: Double) -> String {
        let p = share * 100
        if p <= 0 { return "0%" }
        if p >= 100 { return "100%" }
        if p < 0.1 { return "under 0.1%" }
        if p > 99.9 { return "over 99.9%" }
        if p >= 10 && p <= 90 { return "\(Int(p.rounded()))%" }
        let tenth = (p * 10).rounded() / 10
        return "\(Formatting.decimal(tenth))%"
    }

    /// Occurrences per hour: `12/h`, `0.5/h`.
    package static func rate(_ perHour: Double) -> String {
        perHour >= 10 || perHour == perHour.rounded()
            ? "\(Formatting.thousands(Int(perHour.rounded())))/h" : "\(Formatting.decimal((perHour * 10).rounded() / 10))/h"
    }

    /// `a`, `a and b`, `a, b and c`.
    package static func list(_ parts: [String]) -> String {
        parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// `1 host`, `3 hosts`.
    package static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(Formatting.thousands(n)) \(n == 1 ? one : many)" }
}
