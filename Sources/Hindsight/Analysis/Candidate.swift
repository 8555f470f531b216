/// A change that may have triggered the incident, with its score in [0, 1] and the reasons.
public struct Candidate: Sendable, Equatable {
    public var change: Event
    public var score: Double
    /// Plain-English evidence, strongest first; negative evidence says so.
    public var reasons: [String]
    /// Other events of the same staged rollout (same service, kind and version), oldest first.
    public var rolloutSteps: [Event]

    public init(change: Event, score: Double, reasons: [String], rolloutSteps: [Event] = []) {
        self.change = change
        self.score = score
        self.reasons = reasons
        self.rolloutSteps = rolloutSteps
    }
}
