/// Which events are an incident's signals (EVENTS.md, "its signals"): those linked to it by
/// `incident`, plus unlinked signals on its services between (declared − lookback) and resolved.
public struct IncidentScope: Sendable, Equatable {
    public var incident: String
    /// Its `incident` lifecycle events, oldest first.
    public var lifecycle: [Event]
    /// Services named on its lifecycle events and linked signals, sorted.
    public var services: [String]
    /// Where unlinked signals are looked for: `[declared − lookback, resolved]`.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// Every signal on its services in its window counts, whichever incident it is linked to: the guard's view of a
    /// change, which must not lose the signals a person has since linked to a declared incident.
    public var everySignal: Bool

    public init(incident: String, lifecycle: [Event], services: [String], windowStart: Timestamp, windowEnd: Timestamp, everySignal: Bool = false) {
        self.incident = incident
        self.lifecycle = lifecycle
        self.services = services
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.everySignal = everySignal
    }

    /// The scope EVENTS.md defines, from the facts a source holds; `nil` when the incident has no lifecycle event.
    public static func resolve(_ incident: String, in source: some AnalysisSource, lookback: TimeSpan) throws -> IncidentScope? {
        let lifecycle = try source.lifecycle(of: incident)
        guard let first = lifecycle.first else { return nil }
        let services = Set(lifecycle.map(\.service) + (try source.linkedSignalServices(of: incident))).sorted()
        let declared = lifecycle.first { $0.status == "declared" }?.time ?? first.time
        var start = declared - lookback
        // A suspected incident (the guard's, or one that absorbed it) runs from the flagged change's first step.
        for s in lifecycle where s.status == "suspected" {
            guard let id = s.change,
                let change = try source.changes(on: [s.service], from: s.time - flaggedChangeAge, through: s.time).first(where: { $0.id == id })
            else { continue }
            start = min(start, change.time - lookback)
        }
        // An unresolved incident runs to the latest event in the store.
        let resolved = try lifecycle.first(where: { $0.status == "resolved" })?.time ?? source.latestEventTime() ?? first.time
        return IncidentScope(
            incident: incident, lifecycle: lifecycle, services: services,
            windowStart: start, windowEnd: max(resolved, declared))
    }

    /// How long before its suspected event a flagged change may have begun: a rollout watched for a day at most.
    static let flaggedChangeAge = TimeSpan.days(2)

    /// Whether `e` is one of its signals.
    public func contains(_ e: Event) -> Bool {
        guard e.kind.isSignal else { return false }
        if everySignal { return services.contains(e.service) && e.time >= windowStart && e.time <= windowEnd }
        if let linked = e.incident { return linked == incident }
        return services.contains(e.service) && e.time >= windowStart && e.time <= windowEnd
    }
}
