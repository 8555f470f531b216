/// How urgent an action item is: `P1` (do it now) to `P4` (when there is time).
public enum ActionPriority: String, Sendable, CaseIterable, Comparable {
    case p1 = "P1"
    case p2 = "P2"
    case p3 = "P3"
    case p4 = "P4"

    /// `P2`, `p2` or `2`; anything else is `nil`.
    public init?(text: String) {
        let t = text.uppercased()
        guard let p = ActionPriority(rawValue: t) ?? ActionPriority(rawValue: "P" + t) else { return nil }
        self = p
    }

    public static func < (a: ActionPriority, b: ActionPriority) -> Bool { a.rawValue < b.rawValue }
}
