/// A change that may have triggered the incident: its posterior among the incident's hypotheses (`score`, in
/// [0, 1]) and the evidence, each observation with its sentence.
public struct Candidate: Sendable, Equatable {
    public var change: Event
    /// Its posterior: the probability that it triggered the incident, given the evidence.
    public var score: Double
    /// What the rules saw, evidence for first, then facts, then evidence against; `reasons` are their sentences.
    package var evidence: [Observation]
    /// Other events of the same staged rollout (same service, kind and version), oldest first.
    public var rolloutSteps: [Event]

    /// A candidate whose reasons the decision did not weigh (each an observation with no likelihood ratio).
    public init(change: Event, score: Double, reasons: [String], rolloutSteps: [Event] = []) {
        self.init(change: change, posterior: score, evidence: reasons.map { Observation(rule: "note", llr: 0, text: $0) }, rolloutSteps: rolloutSteps)
    }

    package init(change: Event, posterior: Double, evidence: [Observation], rolloutSteps: [Event] = []) {
        self.change = change
        self.score = posterior
        self.evidence = evidence
        self.rolloutSteps = rolloutSteps
    }

    /// Plain-English evidence, in the order of `evidence`.
    public var reasons: [String] { evidence.map(\.text) }
}
