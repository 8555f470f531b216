/// The facts about one incident that the store aggregates in SQL, for the pure analysis.
public struct AnalysisInput: Sendable, Equatable {
    public var incident: String
    /// Its `incident` lifecycle events, oldest first.
    public var lifecycle: [Event]
    public var services: [String]
    /// One summary per signal kind present.
    public var signals: [SignalSummary]
    /// The earliest firing alert among its signals.
    public var firstAlert: Event?
    /// The earliest report among its signals.
    public var firstReport: Event?
    /// Hosts, crashes, services and regions of its crash signals (exposure left empty).
    public var blast: BlastRadius
    /// Occurrences of its signals per `version` they carry.
    public var signalVersions: [String: Int]
    /// Occurrences of its crash signals per region.
    public var crashRegions: [String: Int]
    /// Changes that may have triggered it, with the rates around each.
    public var candidates: [CandidateFacts]
    /// Deploys on its services before the candidates, for naming a latent change.
    public var earlierDeploys: [Event]

    public init(
        incident: String, lifecycle: [Event], services: [String], signals: [SignalSummary] = [],
        firstAlert: Event? = nil, firstReport: Event? = nil, blast: BlastRadius = BlastRadius(),
        signalVersions: [String: Int] = [:], crashRegions: [String: Int] = [:],
        candidates: [CandidateFacts] = [], earlierDeploys: [Event] = []
    ) {
        self.incident = incident
        self.lifecycle = lifecycle
        self.services = services
        self.signals = signals
        self.firstAlert = firstAlert
        self.firstReport = firstReport
        self.blast = blast
        self.signalVersions = signalVersions
        self.crashRegions = crashRegions
        self.candidates = candidates
        self.earlierDeploys = earlierDeploys
    }

    /// The earliest of its signals.
    public var impactStart: Timestamp? { signals.map(\.first).min() }
}

/// A candidate change and the signal rates around it (occurrences per hour on its services).
public struct CandidateFacts: Sendable, Equatable {
    public var change: Event
    /// Steps of the same staged rollout (same service, kind, version), including `change`, oldest first.
    public var rolloutSteps: [Event]
    /// Signal rate in the rate window before the change, and after it.
    public var rateBefore: Double
    public var rateAfter: Double
    /// The rollback that reverts this change (or a step of its rollout), if any.
    public var rollback: Event?
    /// Signal rate between the change and its rollback, and in the rate window after the rollback.
    public var rateUntilRollback: Double?
    public var rateAfterRollback: Double?
    /// Whether its services had signals in regions its `scope.regions` left out (`nil`: it names no
    /// regions). Without such an unexposed group, where the crashes were says nothing about it.
    public var unexposedRegionsSeen: Bool?

    public init(
        change: Event, rolloutSteps: [Event] = [], rateBefore: Double = 0, rateAfter: Double = 0,
        rollback: Event? = nil, rateUntilRollback: Double? = nil, rateAfterRollback: Double? = nil,
        unexposedRegionsSeen: Bool? = nil
    ) {
        self.unexposedRegionsSeen = unexposedRegionsSeen
        self.change = change
        self.rolloutSteps = rolloutSteps.isEmpty ? [change] : rolloutSteps
        self.rateBefore = rateBefore
        self.rateAfter = rateAfter
        self.rollback = rollback
        self.rateUntilRollback = rateUntilRollback
        self.rateAfterRollback = rateAfterRollback
    }
}
