import Hindsight

/// One generated incident with a known answer, for measuring the correlator's accuracy.
package struct AccuracyScenario: Sendable {
    /// The adversarial family the scenario belongs to.
    package var family: AccuracyScenarioFamily
    /// The incident to analyze.
    package var incident: String
    /// The service the incident is declared on.
    package var service: String
    /// The change that triggered it, or `nil` when none did.
    package var trigger: String?
    /// When the incident's own impact began (the generator's truth; noise may precede it).
    package var onset: Timestamp
    package var events: [Event]
    /// A service catalog: each service and the services it depends on (empty when the family needs none).
    package var dependencies: [String: [String]]

    package init(
        family: AccuracyScenarioFamily, incident: String, service: String, trigger: String?, onset: Timestamp,
        events: [Event], dependencies: [String: [String]] = [:]
    ) {
        self.family = family
        self.incident = incident
        self.service = service
        self.trigger = trigger
        self.onset = onset
        self.events = events
        self.dependencies = dependencies
    }

    /// The changes (deploy, release, config) of the scenario, in time order; stages of one change appear once each.
    package var changes: [Event] { events.filter { $0.kind.isChange && $0.kind != .rollback }.sorted { $0.time < $1.time } }

    /// The incident's crash signals: crashes on its service from the onset on.
    package var incidentCrashes: [Event] { events.filter { $0.kind == .crash && $0.service == service && $0.time >= onset } }
}
