/// What a review across incidents reads: the analysed incidents, the production changes, the action items.
public struct ReviewInput: Sendable {
    /// The period reviewed, `[since, until)`.
    public var since: Timestamp
    public var until: Timestamp
    /// The current time, for overdue action items.
    public var now: Timestamp
    /// Only these services (empty: every service).
    public var services: [String]
    /// The incidents analysed with the team's verdicts: those of the period, and later ones whose
    /// trigger may be a change of the period.
    public var analyses: [IncidentAnalysis]
    /// The deploy, release and config events to production in the period, oldest first.
    public var changes: [Event]
    public var actionItems: [ActionItem]

    public init(
        since: Timestamp, until: Timestamp, now: Timestamp, services: [String] = [], analyses: [IncidentAnalysis],
        changes: [Event], actionItems: [ActionItem] = []
    ) {
        self.since = since
        self.until = until
        self.now = now
        self.services = services
        self.analyses = analyses
        self.changes = changes
        self.actionItems = actionItems
    }
}
