/// How far one rollout (the actual one or the simulated one) spread before it was halted.
public struct WhatIfOutcome: Sendable, Equatable {
    /// Share of the fleet that ran the change by the halt.
    public var exposedPercent: Double
    /// `nil` when the fleet size is unknown.
    public var hostsExposed: Int?
    /// Hosts exposed × impact rate, or the measured blast radius for the actual rollout.
    public var hostsAffected: Int?
    /// The simulated stage reached (1-based); `nil` for the actual rollout.
    public var stage: Int?
    public var impactStart: Timestamp?
    public var detectedAt: Timestamp?
    /// When the change was rolled back or the impact mitigated; `nil` when unknown.
    public var haltedAt: Timestamp?
    /// From impact start to the halt.
    public var duration: TimeSpan?

    public init(
        exposedPercent: Double, hostsExposed: Int? = nil, hostsAffected: Int? = nil, stage: Int? = nil,
        impactStart: Timestamp? = nil, detectedAt: Timestamp? = nil, haltedAt: Timestamp? = nil, duration: TimeSpan? = nil
    ) {
        self.exposedPercent = exposedPercent
        self.hostsExposed = hostsExposed
        self.hostsAffected = hostsAffected
        self.stage = stage
        self.impactStart = impactStart
        self.detectedAt = detectedAt
        self.haltedAt = haltedAt
        self.duration = duration
    }
}
