/// Number formatting shared by messages and reports, independent of the machine's locale.
package enum Formatting {
    /// `8500000` → `8,500,000`.
    package static func thousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A decimal without a trailing `.0`: `100`, `2.5`.
    package static func decimal(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }

    /// A score in [0, 1] as a whole percentage: `0.91` → `91%`.
    package static func score(_ s: Double) -> String { String(Int((s * 100).rounded())) + "%" }
}
