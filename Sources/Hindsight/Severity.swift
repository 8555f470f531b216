/// A severity as written (`SEV1`, `P2`, `critical`), ranked when it is on one of the common scales, so
/// lists can sort by it while showing the text as it was given. `SEV1` / `P1` / `critical` rank above
/// `SEV2` / `P2` / `warning`; ordering puts the most severe first and texts on no known scale last.
public struct Severity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The text as the events carry it.
    public let text: String
    /// Lower is more severe: numbered levels (`SEV1`, `P1`, `Priority 1`) count in tens (10 for level 1),
    /// words sit on the same scale (`critical` 10, `error` 15, `warning` 20, `info` 30); `nil` when unknown.
    public let rank: Int?

    public init(_ text: String) {
        self.text = text
        rank = Self.rank(of: text)
    }

    public var description: String { text }

    /// Most severe first; equal ranks, and unranked texts after every ranked one, by text.
    public static func < (a: Severity, b: Severity) -> Bool {
        (a.rank ?? Int.max, a.text) < (b.rank ?? Int.max, b.text)
    }

    /// Words of the scales in use (PagerDuty, Sentry, Alertmanager's conventions, syslog, Jira, Zabbix,
    /// Statuspage, New Relic) on the numbered levels' scale.
    static let words: [String: Int] = [
        "emergency": 5, "emerg": 5, "disaster": 5, "blocker": 5,
        "critical": 10, "crit": 10, "fatal": 10, "highest": 10, "page": 10, "urgent": 10,
        "high": 15, "major": 15, "error": 15, "err": 15, "severe": 15,
        "warning": 20, "warn": 20, "medium": 20, "moderate": 20, "average": 20,
        "low": 30, "minor": 30, "notice": 30, "info": 30, "informational": 30, "information": 30, "ticket": 30,
        "lowest": 40, "trivial": 40, "debug": 40,
    ]

    /// Level names that take a number: `SEV1`, `sev-1`, `Sev 1`, `P1`, `Priority 1`, `Severity 1`.
    static let levelPrefixes = ["severity", "sev", "priority", "p"]

    static func rank(of text: String) -> Int? {
        let lower = text.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" }
        if let rank = words[lower] { return rank }
        for prefix in levelPrefixes where lower.hasPrefix(prefix) {
            let digits = lower.dropFirst(prefix.count)
            if !digits.isEmpty, digits.count <= 2, digits.allSatisfy(\.isASCII), let n = Int(digits) { return n * 10 }
        }
        return nil
    }
}
