/// DORA's four keys for one slice of a review, from the production changes and the incidents they triggered.
public struct DORAKeys: Sendable, Equatable {
    /// How each key is computed, printed next to the figures.
    public static let definitions: [(key: String, definition: String)] = [
        (
            "deployment frequency",
            "changes that reached production (deploy, release and config events with environment production, "
                + "a staged rollout or a started-then-finished change counted once; "
                + "a change whose last report is 'failed' is not counted), per week of the period"
        ),
        (
            "lead time for changes",
            "from a change's commit_time to when it reached production (its 'end', else its 'time'), "
                + "over the changes that carry a commit_time; median and 90th percentile"
        ),
        (
            "change failure rate",
            "changes that were an incident's trigger (the correlator's, or the team's confirmed verdict) "
                + "divided by the changes that reached production in the period"
        ),
        (
            "failed deployment recovery time",
            "from a triggering change to the incident's mitigation (the rollback of the trigger, "
                + "or the incident marked mitigated); median and 90th percentile"
        ),
    ]

    /// Changes counted (the denominator of the change failure rate).
    public var changes: Int = 0
    /// Days in the period.
    public var days: Double = 0
    /// Changes that were an incident's trigger.
    public var failedChanges: Int = 0
    /// Changes carrying a commit time, and their lead time's median and 90th percentile.
    public var leadTimes: Int = 0
    public var leadTimeMedian: TimeSpan?
    public var leadTimeP90: TimeSpan?
    /// Change-triggered incidents with a mitigation, and their recovery time's median and 90th percentile.
    public var recoveries: Int = 0
    public var recoveryMedian: TimeSpan?
    public var recoveryP90: TimeSpan?

    public init() {}

    /// Changes per week; `nil` for an empty period.
    public var perWeek: Double? { days > 0 ? Double(changes) * 7 / days : nil }
    /// Failed changes ÷ changes; `nil` without changes.
    public var changeFailureRate: Double? { changes > 0 ? Double(failedChanges) / Double(changes) : nil }
}
