/// The team's verdicts on one incident's changes, oldest first, with what the store knows of a confirmed change.
public struct Verdicts: Sendable, Equatable {
    /// Every verdict given, oldest first (ties in the order they were recorded).
    public var all: [TeamVerdict]
    /// The confirmed change's facts (the change, its rollout steps, the rollback that reverts it), for a
    /// confirmed change the correlator did not rank; the store fills it in.
    public var confirmedFacts: CandidateFacts?

    public init(_ all: [TeamVerdict] = [], confirmedFacts: CandidateFacts? = nil) {
        self.all = all
        self.confirmedFacts = confirmedFacts
    }

    /// The verdict in force on each change (the last one given wins), in the order of those verdicts.
    public var current: [TeamVerdict] {
        var latest: [String: Int] = [:]
        for (i, v) in all.enumerated() { latest[v.change] = i }
        return all.enumerated().filter { latest[$0.element.change] == $0.offset }.map(\.element)
    }

    /// Changes whose verdict in force is a rejection or a dismissal: never proposed as the trigger.
    public var rejected: Set<String> { Set(current.filter { $0.decision != .confirmed }.map(\.change)) }

    /// The dismissal in force that made the incident a false alarm, if any.
    public var dismissal: TeamVerdict? { current.last { $0.decision == .dismissed } }

    /// The trigger the team confirmed: the latest confirmation still in force, if any.
    public var confirmed: TeamVerdict? { current.last { $0.decision == .confirmed } }
}
