/// One stage of a staged rollout: the share of the fleet it exposes and how long it is held.
public struct RolloutStage: Sendable, Equatable {
    /// Share of the fleet exposed once the stage starts, in (0, 100].
    public var percent: Double
    /// How long the stage is held before the next one starts; `nil` for the last stage.
    public var hold: TimeSpan?

    public init(percent: Double, hold: TimeSpan? = nil) {
        self.percent = percent
        self.hold = hold
    }
}
