/// The answer to "how far would it have spread with a staged rollout?", with every assumption made.
public struct WhatIfResult: Sendable, Equatable {
    public var incident: String
    /// The trigger whose rollout is replayed.
    public var trigger: String
    public var plan: RolloutPlan
    /// The actual rollout: its steps, oldest first (a single 100% step when it went everywhere at once).
    public var actualCurve: [ExposurePoint]
    /// `nil` when neither the trigger's scope nor the blast radius tells it.
    public var fleetHosts: Int?
    /// Share of exposed hosts that were affected, in [0, 1]; `nil` when there are no host figures.
    public var impactRate: Double?
    /// Impact start − trigger time: how soon after exposure hosts began failing.
    public var onsetDelay: TimeSpan
    public var detectionLag: TimeSpan
    /// Whether `detectionLag` was measured (false: given as an override).
    public var detectionLagMeasured: Bool
    /// Detection → rollback, as the team took it (0 when unknown).
    public var rollbackDelay: TimeSpan
    public var actual: WhatIfOutcome
    public var simulated: WhatIfOutcome
    /// Actual exposure ÷ simulated exposure: 100 means 100 times fewer hosts; below 1, the plan spreads further.
    public var reductionFactor: Double
    /// One sentence for a post-mortem.
    public var sentence: String
    /// Every input that is assumed or derived rather than recorded, in plain words.
    public var assumptions: [String]

    public init(
        incident: String, trigger: String, plan: RolloutPlan, actualCurve: [ExposurePoint], fleetHosts: Int?,
        impactRate: Double?, onsetDelay: TimeSpan, detectionLag: TimeSpan, detectionLagMeasured: Bool,
        rollbackDelay: TimeSpan, actual: WhatIfOutcome, simulated: WhatIfOutcome, reductionFactor: Double,
        sentence: String, assumptions: [String]
    ) {
        self.incident = incident
        self.trigger = trigger
        self.plan = plan
        self.actualCurve = actualCurve
        self.fleetHosts = fleetHosts
        self.impactRate = impactRate
        self.onsetDelay = onsetDelay
        self.detectionLag = detectionLag
        self.detectionLagMeasured = detectionLagMeasured
        self.rollbackDelay = rollbackDelay
        self.actual = actual
        self.simulated = simulated
        self.reductionFactor = reductionFactor
        self.sentence = sentence
        self.assumptions = assumptions
    }
}
