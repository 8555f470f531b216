import Hindsight

/// One generated rollout with a known answer, replayed minute by minute through the guard's verdict (the `guard`
/// bench section, and tests).
package struct RolloutScenario: Sendable {
    /// The situations the guard must handle.
    package enum Family: String, Sendable, CaseIterable {
        /// A bad change caught at its 1 % or 5 % canary step: it must turn failing before the next step.
        case badCanary = "bad-canary"
        /// A bad change that went to the whole fleet at once (over a short ramp, or in one step).
        case badFullRollout = "bad-full-rollout"
        /// A healthy staged change on a service whose errors come in bursts.
        case healthyNoisy = "healthy-noisy"
        /// A healthy staged change while an unrelated incident (a failing dependency, a bad shard) hits the same service.
        case healthyDuringIncident = "healthy-during-incident"
        /// A healthy change on a service with hardly any signals: nothing can be told, so it should stay inconclusive.
        case healthyLowTraffic = "healthy-low-traffic"

        package var bad: Bool { self == .badCanary || self == .badFullRollout }
    }

    /// What the signals name, so each contrast the rules know is exercised.
    package enum Signals: String, Sendable, CaseIterable {
        /// Each signal carries the version its host runs (Sentry's release, an error tracker's tag).
        case version
        /// Signals carry only their region; the change's canary is one region.
        case region
    }

    package var family: Family
    package var signals: Signals
    /// Its first step: the change the guard is asked about.
    package var change: Event
    /// The events: the rollout's steps, the signals, and an unrelated incident's lifecycle where there is one.
    package var events: [Event]
    /// When its bad effect began (the generator's truth); `nil` for a healthy change.
    package var onset: Timestamp?
    /// The step after the one that went bad: a bad canary must be flagged before it.
    package var nextStep: Timestamp?
    /// Failures (signal occurrences) on the hosts a bad change had reached, from its onset until its next step (or
    /// the end of the window): what any test has to go on before the step it must stop. 0 for a healthy change.
    package var reachedFailures: Int = 0
    /// The replay's span: from the first step until the watch window ends.
    package var from: Timestamp
    package var until: Timestamp
}
