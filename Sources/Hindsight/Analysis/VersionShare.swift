/// How many signal occurrences carry one version among those that carry any: counted by the source, never row by row.
public struct VersionShare: Sendable, Equatable {
    /// Occurrences of signals that carry the version asked about.
    public var carrying: Int
    /// Occurrences of signals that carry a version, that one included.
    public var versioned: Int

    public init(carrying: Int, versioned: Int) {
        self.carrying = carrying
        self.versioned = versioned
    }
}
