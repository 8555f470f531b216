/// The incident figures of one slice of a review (all incidents, one service, one month).
public struct ReviewFigures: Sendable, Equatable {
    public var incidents: Int = 0
    /// Incidents with a trigger (the correlator's, or the team's confirmed one).
    public var changeTriggered: Int = 0
    /// Change-triggered incidents per kind of their trigger (`deploy`, `release`, `config`, `rollback`).
    public var triggeredByKind: [String: Int] = [:]
    /// Detection lags known, and their median and 90th percentile (`Percentile`).
    public var detectionLags: Int = 0
    public var detectionLagMedian: TimeSpan?
    public var detectionLagP90: TimeSpan?
    /// Incidents customers reported before any internal detection.
    public var detectedByCustomersFirst: Int = 0
    /// Times to mitigate known, and their median and 90th percentile.
    public var mitigations: Int = 0
    public var timeToMitigateMedian: TimeSpan?
    public var timeToMitigateP90: TimeSpan?
    /// Action items of these incidents still open, and those of them past their due date.
    public var openActionItems: Int = 0
    public var overdueActionItems: Int = 0
    /// The guard's suspected incidents the team dismissed as false alarms: counted here, left out of every other figure.
    public var falseAlarms: Int = 0

    /// The figures of `incidents`, with the action items that belong to them.
    public init(_ all: [IncidentAnalysis], actionItems: [ActionItem], now: Timestamp) {
        let incidents = all.filter { $0.falseAlarm == nil }
        falseAlarms = all.count - incidents.count
        self.incidents = incidents.count
        let triggered = incidents.compactMap(\.trigger)
        changeTriggered = triggered.count
        for t in triggered { triggeredByKind[t.change.kind.rawValue, default: 0] += 1 }
        let lags = incidents.compactMap(\.detectionLag)
        detectionLags = lags.count
        detectionLagMedian = Percentile.of(lags, 50)
        detectionLagP90 = Percentile.of(lags, 90)
        detectedByCustomersFirst = incidents.filter { $0.detectedExternallyFirst == true }.count
        let ttm = incidents.compactMap(\.timeToMitigate)
        mitigations = ttm.count
        timeToMitigateMedian = Percentile.of(ttm, 50)
        timeToMitigateP90 = Percentile.of(ttm, 90)
        let ids = Set(incidents.map(\.incident))
        let items = actionItems.filter { ids.contains($0.incident) && $0.state == .open }
        openActionItems = items.count
        overdueActionItems = items.filter { $0.isOverdue(at: now) }.count
    }
}
