/// Where a severity's text ranks, most severe first: producers spell the same level differently
/// (`SEV1`, `P1`, `critical`), and lists and filters treat those as one level while showing the text as given.
package enum SeverityRank {
    /// A severity this ranks nowhere (or none): after every known level.
    package static let unknown = 9

    /// 0 for SEV0/P0, 1 for SEV1/P1/critical, 2 for SEV2/P2/major/high/error/warning, 3 for SEV3/P3/minor/moderate/medium,
    /// 4 for SEV4/P4/low/info, 5 for SEV5/P5; `unknown` for anything else.
    package static func of(_ severity: String?) -> Int {
        guard let text = severity?.lowercased().filter({ !$0.isWhitespace && $0 != "-" && $0 != "_" }), !text.isEmpty else { return unknown }
        for prefix in ["sev", "severity", "p"] where text.hasPrefix(prefix) {
            if let n = Int(text.dropFirst(prefix.count)), (0...5).contains(n) { return n }
        }
        switch text {
        case "critical", "crit", "fatal", "emergency", "disaster": return 1
        case "major", "high", "error", "warning", "warn": return 2
        case "minor", "moderate", "medium": return 3
        case "low", "info", "informational": return 4
        default: return unknown
        }
    }
}
