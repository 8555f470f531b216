extension Event {
    /// What a change changes, when it says: `labels.target` (a flag, a configuration key), else a release's
    /// `version` (EVENTS.md: a release's version names the flag it switched). Changes on one service of one kind
    /// and one target follow each other: a later one may fix an earlier one forward, or switch it on.
    public var changeTarget: String? { labels?["target"] ?? (kind == .release ? version : nil) }
}
