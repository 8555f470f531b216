/// What is known about a change at one point in its rollout: the facts the correlator's rules read, gathered as of
/// that time, as if an incident on its service had begun with its first step. Signals after that time, steps not yet
/// taken and a rollback not yet begun are absent, so the same rules judge a change still rolling out.
public struct GuardFacts: Sendable, Equatable {
    /// The change asked about.
    public var asked: Event
    /// When the facts were gathered as of.
    public var at: Timestamp
    /// Its rollout so far.
    public var exposure: GuardExposure
    /// The signals on its service from its first step until `at` (an `everySignal` scope named `guard-<first step>`),
    /// with the region mix of the day before it and the change as the one candidate; its version and region counts are
    /// those beyond the usual rate (`excess`), what an incident's signals would be.
    public var input: AnalysisInput
    /// The change at its latest step by `at`, with the signal rates before it, after it and after each earlier step.
    public var candidate: CandidateFacts
    /// Signal occurrences per hour on its service before its first step: the busier of the baseline hour and the quarter
    /// hour just before it (an incident already under way is not this change's rise).
    public var baselineRate: Double
    /// Signal occurrences on its service from its first step until `at`.
    public var signalsSince: Int
    /// Of those, the occurrences beyond the usual rate on what it reached: carrying its version when the signals name
    /// versions, else in the regions it reached when its steps name regions, else all of them. A failing verdict needs
    /// enough of these: one unlucky signal on a 5% canary, or the usual scatter of a busy service, is no evidence.
    public var signalsOnIt: Int
    /// What `signalsOnIt` counts, for sentences: `version 'v2'`, `eu-west-1`, `checkout`.
    public var onIt: String
    /// Occurrences its exposed part would have produced since its first step at the baseline rate (the rate times its
    /// share of the fleet, summed over its steps): how much silence can say.
    public var expectedSignals: Double
    /// Its signals since its first step on what it reached and on the rest, against the usual rate: the canary question.
    public var canary: CanaryComparison

    public init(
        asked: Event, at: Timestamp, exposure: GuardExposure, input: AnalysisInput, candidate: CandidateFacts, baselineRate: Double,
        signalsSince: Int, signalsOnIt: Int, onIt: String, expectedSignals: Double,
        canary: CanaryComparison
    ) {
        self.asked = asked
        self.at = at
        self.exposure = exposure
        self.input = input
        self.candidate = candidate
        self.baselineRate = baselineRate
        self.signalsSince = signalsSince
        self.signalsOnIt = signalsOnIt
        self.onIt = onIt
        self.expectedSignals = expectedSignals
        self.canary = canary
    }

    /// The id of the suspected incident the guard raises for this rollout: `guard-<its first step's id>`.
    public var incidentID: String { GuardFacts.incidentID(for: exposure.steps.first ?? asked) }

    /// `guard-<change id>`.
    public static func incidentID(for change: Event) -> String { incidentID(forChange: change.id) }
    public static func incidentID(forChange id: String) -> String { "\(incidentPrefix)\(id)" }

    /// Whether `incident` is one the guard raised (not one a person declared).
    public static func raised(_ incident: String) -> Bool { incident.hasPrefix(incidentPrefix) }

    /// The change whose guard incident `incident` is; nil for an incident a person declared.
    public static func change(ofIncident incident: String) -> String? {
        raised(incident) ? String(incident.dropFirst(incidentPrefix.count)) : nil
    }
    static let incidentPrefix = "guard-"
}
