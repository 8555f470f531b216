/// A candidate change and the facts around it that the correlator weighs.
public struct CandidateFacts: Sendable, Equatable {
    public var change: Event
    /// Steps of the same staged rollout (same service, kind, version), including `change`, oldest first;
    /// steps after impact start are kept (a rollout that kept going is a finding).
    public var rolloutSteps: [Event]
    /// Signal rate (occurrences per hour on the incident's services) in the rate window before the change, and after it.
    public var rateBefore: Double
    public var rateAfter: Double
    /// The rollback that reverts this change (or a step of its rollout), if any.
    public var rollback: Event?
    /// Signal rate from impact start (or the change) until the rollback began, and in the rate window after it ended.
    public var rateUntilRollback: Double?
    public var rateAfterRollback: Double?
    /// Signal rate in the quarter hour before the rollback began: zero when the signals had already stopped.
    public var rateJustBeforeRollback: Double?
    /// Signal rate after each earlier step of its rollout, until the next step (same order as the steps before `change`).
    public var stepRates: [Double]
    /// Versions the signals on its service carried in the rate window before impact start (the fleet's
    /// mix before the incident), keyed by version.
    public var versionsBeforeImpact: [String: Int]
    /// Its series in the cadence window, and all changes on its service there.
    public var series: ChangeSeries?
    public var serviceChanges: Int
    /// Path from its service down to an incident service, when it is upstream in the catalog.
    public var upstreamPath: [String]?
    /// For a change upstream of the incident: the signal rate on its own service in the rate window before it and after it.
    public var ownRateBefore: Double?
    public var ownRateAfter: Double?
    /// The hosts it reached and the failing ones, when its events name hosts.
    public var hosts: HostReach?
    /// A later change on the same target (service, kind, `labels.target`) made while the signals went on, when this
    /// change was the one in force on that target at the reference time; and the signal rate from the reference
    /// until it, in the quarter hour before it, and in the rate window after it ended.
    public var fixForward: Event?
    public var rateUntilFix: Double?
    public var rateJustBeforeFix: Double?
    public var rateAfterFix: Double?
    /// For a change re-applying an older version: that version's earlier application, and the change that replaced it.
    public var reapplies: Event?
    public var replacedBy: Event?
    /// The first later change with its service and kind and another version (the next config push, the next
    /// release), and — when it came after the reference time — how many of the signals on its service that carried a
    /// version carried this change's once it had landed.
    public var supersededBy: Event?
    public var afterSuperseded: VersionShare?

    public init(
        change: Event, rolloutSteps: [Event] = [], rateBefore: Double = 0, rateAfter: Double = 0,
        rollback: Event? = nil, rateUntilRollback: Double? = nil, rateAfterRollback: Double? = nil,
        rateJustBeforeRollback: Double? = nil, stepRates: [Double] = [], versionsBeforeImpact: [String: Int] = [:],
        series: ChangeSeries? = nil, serviceChanges: Int = 0, upstreamPath: [String]? = nil
    ) {
        self.change = change
        self.rolloutSteps = rolloutSteps.isEmpty ? [change] : rolloutSteps
        self.rateBefore = rateBefore
        self.rateAfter = rateAfter
        self.rollback = rollback
        self.rateUntilRollback = rateUntilRollback
        self.rateAfterRollback = rateAfterRollback
        self.rateJustBeforeRollback = rateJustBeforeRollback
        self.stepRates = stepRates
        self.versionsBeforeImpact = versionsBeforeImpact
        self.series = series
        self.serviceChanges = serviceChanges
        self.upstreamPath = upstreamPath
    }
}
