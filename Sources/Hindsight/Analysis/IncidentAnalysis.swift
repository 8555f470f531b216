/// Everything the analysis says about one incident: metrics, ranked candidates, findings.
public struct IncidentAnalysis: Sendable, Equatable {
    public var incident: String
    public var title: String?
    public var severity: String?
    /// The latest lifecycle status: `declared`, `mitigated` or `resolved`.
    public var status: String?
    public var services: [String]

    public var impactStart: Timestamp?
    public var detectedAt: Timestamp?
    /// What detected it internally: the first alert's summary, or "incident declared".
    public var detectedBy: String?
    public var firstExternalReportAt: Timestamp?
    public var mitigatedAt: Timestamp?
    /// What mitigated it: the rollback of the trigger, or the `mitigated` incident event.
    public var mitigatedBy: String?
    public var resolvedAt: Timestamp?

    /// `nil` when unknown, and when the events disagree (see `conflicts`): never negative.
    public var detectionLag: TimeSpan?
    public var timeToMitigate: TimeSpan?
    public var timeToResolve: TimeSpan?
    /// Events that came before the first signal although a metric measures from it: the metric is unknown.
    public var conflicts: [TimeConflict] = []
    /// `nil` when there is no report or no internal detection to compare.
    public var detectedExternallyFirst: Bool?

    /// The correlator's choice; `nil` when it abstains.
    public var trigger: Candidate?
    /// Why there is no trigger, when there is none.
    public var abstention: String?
    /// Every candidate, best first (the trigger, if any, is the first).
    public var candidates: [Candidate]
    /// A deploy that shipped the code the trigger (a release or config change) switched on.
    public var latentChange: Event?
    public var latentReason: String?
    /// The rollback that reverted the trigger, if any.
    public var rollback: Event?
    /// The correlator's own choice (rejected changes left out), kept beside a trigger the team confirmed.
    public var correlatorTrigger: Candidate?
    /// The team's confirmation that made `trigger` the trigger, when it did.
    public var confirmation: TeamVerdict?
    /// The team's verdict in force on each change it judged (docs/retrospective.md).
    public var verdicts: [TeamVerdict] = []

    public var blastRadius: BlastRadius
    public var signals: [SignalSummary]
    public var findings: [Finding]

    public init(incident: String, services: [String]) {
        self.incident = incident
        self.services = services
        candidates = []
        blastRadius = BlastRadius()
        signals = []
        findings = []
    }
}
