/// The facts about stored events that the analysis reads, aggregated by whoever holds the events
/// (the SQLite store, or `MemoryAnalysisSource` in tests). Every method returns aggregates or a
/// bounded list of changes: an incident with millions of signals is never handed over row by row.
public protocol AnalysisSource {
    /// The incident's `incident` lifecycle events, oldest first; empty when it is unknown.
    func lifecycle(of incident: String) throws -> [Event]
    /// The services named on the signals linked to the incident, sorted.
    func linkedSignalServices(of incident: String) throws -> [String]
    /// The time of the latest stored event.
    func latestEventTime() throws -> Timestamp?
    /// Events, occurrences, distinct hosts, first and last time of the scope's signals, per kind.
    func signalSummaries(of scope: IncidentScope) throws -> [SignalSummary]
    /// The earliest of the scope's signals of `kind` (for alerts, `firingOnly` skips resolved ones).
    func firstSignal(of scope: IncidentScope, kind: EventKind, firingOnly: Bool) throws -> Event?
    /// How many of the scope's signal events of `kind` fall in each `bucket` from `from` (the last bucket ends at or after `to`).
    func signalTimeline(of scope: IncidentScope, kind: EventKind, from: Timestamp, to: Timestamp, bucket: TimeSpan) throws -> [Int]
    /// Signal occurrences matching `query`, grouped by kind, service and the dimensions it asks for.
    func signalCounts(_ query: SignalQuery) throws -> [SignalCount]
    /// The signal occurrences on `services` in each span `[a, b)` between consecutive `boundaries` (sorted): what
    /// `signalCounts` sums over each span, asked at once.
    func signalOccurrences(on services: [String], between boundaries: [Timestamp]) throws -> [Int]
    /// Changes (deploy, release, config, rollback) on `services` with `from ≤ time ≤ through`, oldest first.
    func changes(on services: [String], from: Timestamp, through: Timestamp) throws -> [Event]
    /// Changes with the service, kind and version of `change` (the steps of its rollout), oldest first.
    func rolloutSteps(of change: Event, limit: Int) throws -> [Event]
    /// `rolloutSteps(of:limit:)` of each of `changes`, asked at once.
    func rolloutSteps(of changes: [Event], limit: Int) throws -> [[Event]]
    /// Deploys on `services` with `from ≤ time < before` that shipped one of `versions`, oldest first.
    func deploys(on services: [String], shipping versions: [String], from: Timestamp, before: Timestamp) throws -> [Event]
    /// Rollbacks whose `reverts` is one of `ids`, oldest first.
    func rollbacks(reverting ids: [String]) throws -> [Event]
    /// Changes on `services` with `from ≤ time ≤ through`, counted per service, kind, source and actor.
    func changeSeries(on services: [String], from: Timestamp, through: Timestamp) throws -> [ChangeSeries]
    /// The service catalog's dependencies (empty without a catalog).
    func catalogEdges() throws -> [CatalogEdge]
    /// The latest change with the service and kind of `change` but another version, with `after < time < before`:
    /// where a version stopped running, so a later change to it again is a change of its own.
    func previousVersion(of change: Event, after: Timestamp, before: Timestamp) throws -> Event?
    /// For the rollout of `change` (its service, kind and version), which reached `reached` hosts by `through`
    /// (`hostsReached`, more than none): hosts seen on its service from `fleetSince` (on changes until `through`, on
    /// signals until the scope's end); the scope's failing hosts on its service from `failingFrom` and how many of them it reached.
    func hostReach(of change: Event, reached: Int, through: Timestamp, scope: IncidentScope, failingFrom: Timestamp, fleetSince: Timestamp) throws
        -> HostReach
    /// For each of `changes`, how many distinct hosts its rollout's events (its service, kind and version; the change
    /// alone without a version) name by `through`: `hostReach`'s `reached`, asked at once.
    func hostsReached(by changes: [Event], through: Timestamp) throws -> [Int]
    /// For each span between consecutive `boundaries` (sorted): the occurrences of the signals on `services` that carry
    /// an `end` later than their `time`, spread evenly over that range, less those counted at their `time` in the span
    /// — what turns the point counts of `signalCounts` into counts of aggregates spread over the minutes they cover.
    func signalSpread(on services: [String], boundaries: [Timestamp]) throws -> [Double]
    /// The latest `end` of the scope's signals that carry one (an aggregate's last minute), `nil` when none does.
    func lastSignalEnd(of scope: IncidentScope) throws -> Timestamp?
    /// The distinct hosts on `service` whose signals with `from ≤ time < to` carry `version`, and the signal occurrences
    /// on those hosts with `historyFrom ≤ time < historyTo`: how often the hosts a version reached failed before it did.
    func versionHosts(service: String, version: String, from: Timestamp, to: Timestamp, historyFrom: Timestamp, historyTo: Timestamp) throws
        -> (hosts: Int, historyOccurrences: Int)
    /// Of the signal occurrences on `services` with `from ≤ time < to` that carry a version, those that carry `version`.
    func versionShare(of version: String, on services: [String], from: Timestamp, to: Timestamp) throws -> VersionShare
    /// `incident` lifecycle events of incidents other than `excluding` on `services` with `from ≤ time ≤ through`, oldest first.
    func otherIncidents(on services: [String], from: Timestamp, through: Timestamp, excluding: String) throws -> [Event]
}

extension AnalysisSource {
    public func rolloutSteps(of changes: [Event], limit: Int) throws -> [[Event]] {
        try changes.map { try rolloutSteps(of: $0, limit: limit) }
    }

    public func signalOccurrences(on services: [String], between boundaries: [Timestamp]) throws -> [Int] {
        try signalOccurrencesSpanBySpan(on: services, between: boundaries)
    }

    /// `signalOccurrences` as one `signalCounts` per span.
    public func signalOccurrencesSpanBySpan(on services: [String], between boundaries: [Timestamp]) throws -> [Int] {
        try zip(boundaries, boundaries.dropFirst()).map { from, to in
            try signalCounts(SignalQuery(services: services, from: from, to: to)).reduce(0) { $0 + $1.occurrences }
        }
    }
}
