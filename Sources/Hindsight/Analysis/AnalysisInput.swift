/// The facts about one incident that the analysis reasons on, gathered from an `AnalysisSource`.
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
    /// Its earliest signal, gathered only when a lifecycle event or a rollback came before it (a metric
    /// would be negative; `TimeConflict` names the two).
    public var firstSignal: Event?
    /// Hosts, crashes, services and regions of its crash signals (exposure left empty).
    public var blast: BlastRadius
    /// Occurrences of its signals per `version` they carry, all services together.
    public var signalVersions: [String: Int]
    /// Occurrences of its signals per service and `version`: versions are namespaced by service.
    public var serviceVersions: [String: [String: Int]]
    /// Occurrences of its crash signals per region.
    public var crashRegions: [String: Int]
    /// Occurrences of all its signals per region, and of the signals on its services in the day before impact start.
    public var signalRegions: [String: Int]
    public var regionsBefore: [String: Int]
    /// When its crashes rose above their background, when stray crashes came before (see `Onset`); else `nil`.
    public var onset: Timestamp?
    /// The service of its earliest signal: where the impact began.
    public var impactService: String?
    /// Services its services depend on, from the catalog.
    public var upstream: ServiceGraph
    /// Changes that may have triggered it, one per change (a rollout judged at the step that reached the fleet).
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
        self.serviceVersions = [:]
        self.crashRegions = crashRegions
        self.signalRegions = crashRegions
        self.regionsBefore = [:]
        self.upstream = ServiceGraph()
        self.candidates = candidates
        self.earlierDeploys = earlierDeploys
    }

    /// Impact start (EVENTS.md): the earliest of its signals. Defined here only.
    public var impactStart: Timestamp? { signals.map(\.first).min() }

    /// What the correlator judges changes against: the onset, else impact start.
    public var reference: Timestamp? { onset.map { max($0, impactStart ?? $0) } ?? impactStart }

    /// The time of its last signal.
    public var lastSignal: Timestamp? { signals.map(\.last).max() }

    /// Versions its signals on `service` carry (every service's for a global change).
    public func versions(on service: String) -> [String: Int] {
        if service == Event.globalService || serviceVersions.isEmpty { return signalVersions }
        return serviceVersions[service] ?? [:]
    }
}
