/// The guard's answer for a change at one point in its rollout: healthy, failing or inconclusive, how sure it is,
/// the evidence (the correlator's rules and words), what the change had reached, and what is missing to tell.
public struct GuardVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// Its exposed part behaves like the rest of the fleet, with signals enough to have shown a difference.
        case healthy
        /// The evidence says it is bad: signals on what it reached and not elsewhere, or a rise at its step.
        case failing
        /// Too little exposure, too few signals, or evidence that points neither way.
        case inconclusive
    }

    /// The change asked about.
    public var change: Event
    public var outcome: Outcome
    /// The probability that the change is bad, given the evidence.
    public var failingProbability: Double
    /// What the correlator's rules saw, evidence for it first, then facts, then evidence against.
    package var evidence: [Observation]
    public var exposure: GuardExposure
    /// For an inconclusive verdict: what is missing to tell, each a sentence.
    public var missing: [String]
    /// Signal occurrences on its service since its first step, those its exposed part would have produced at the
    /// usual rate, and the usual rate per hour.
    public var signalsSince: Int
    public var expectedSignals: Double
    public var baselineRate: Double
    /// The suspected incident the guard raises for it (`guard-<first step>`).
    public var incident: String
    /// When its impact is over: a rollback of it ended and the signals since are back to the usual rate; the sentence says so.
    public var recovery: String?
    public var evaluatedAt: Timestamp

    package init(
        change: Event, outcome: Outcome, failingProbability: Double, evidence: [Observation], exposure: GuardExposure, missing: [String],
        signalsSince: Int, expectedSignals: Double, baselineRate: Double, incident: String, evaluatedAt: Timestamp
    ) {
        self.change = change
        self.outcome = outcome
        self.failingProbability = failingProbability
        self.evidence = evidence
        self.exposure = exposure
        self.missing = missing
        self.signalsSince = signalsSince
        self.expectedSignals = expectedSignals
        self.baselineRate = baselineRate
        self.incident = incident
        self.recovery = nil
        self.evaluatedAt = evaluatedAt
    }

    /// How sure the verdict is: the probability of failing for `failing`, of not failing for `healthy`; `nil` for
    /// `inconclusive`, which claims neither.
    public var confidence: Double? {
        switch outcome {
        case .failing: failingProbability
        case .healthy: 1 - failingProbability
        case .inconclusive: nil
        }
    }

    /// The sentences of the evidence, in order.
    public var reasons: [String] { evidence.map(\.text) }

    /// One line for people: the verdict, how sure, and the strongest reason or what is missing.
    public var summary: String {
        let id = change.id
        let since = exposure.since.map { evaluatedAt - $0 }
        switch outcome {
        case .failing:
            let why = evidence.first { $0.llr > 0 }?.text ?? evidence.first?.text ?? "the evidence points at it"
            return "\(id) is failing (confidence \(Self.decimal2(failingProbability))): \(why)"
        case .healthy:
            return "\(id) looks healthy (confidence \(Self.decimal2(1 - failingProbability))) after \(since.map { "\($0)" } ?? "0s") on "
                + "\(exposure.phrase): \(Formatting.thousands(signalsSince)) signal\(signalsSince == 1 ? "" : "s") since, nothing singles it out"
        case .inconclusive:
            return "\(id) is inconclusive: \(missing.first ?? "the evidence points neither way")"
        }
    }

    /// Two decimals: `0.97`.
    static func decimal2(_ p: Double) -> String {
        let n = Int((p * 100).rounded())
        return "\(n / 100).\(n % 100 < 10 ? "0" : "")\(n % 100)"
    }
}
