/// How far a change had reached at the time a verdict is given: its rollout's steps so far and what they exposed.
public struct GuardExposure: Sendable, Equatable {
    /// Its steps up to the evaluation time, oldest first (a change reported in stages is one step).
    public var steps: [Event]
    /// The share of the fleet it ran on at the evaluation time (0–100), ramping through a step until its `end`;
    /// 100 for a step without `scope.percent` (the cautious reading); 0 once a rollback of it has ended.
    public var percent: Double
    /// Whether a step recorded `scope.percent` (otherwise `percent` is the assumed 100).
    public var percentRecorded: Bool
    /// Regions its steps reached (`scope.regions`), sorted; empty when none names any.
    public var regions: [String]
    /// Hosts it reached: its steps' largest `scope.hosts`, or the distinct hosts of a per-host rollout.
    public var hosts: Int?
    /// The ring of its latest step (`scope.ring`).
    public var ring: String?
    /// The rollback of it, when one began by the evaluation time.
    public var rollback: Event?

    public init(
        steps: [Event], percent: Double, percentRecorded: Bool, regions: [String] = [], hosts: Int? = nil, ring: String? = nil,
        rollback: Event? = nil
    ) {
        self.steps = steps
        self.percent = percent
        self.percentRecorded = percentRecorded
        self.regions = regions
        self.hosts = hosts
        self.ring = ring
        self.rollback = rollback
    }

    /// When it first reached anything.
    public var since: Timestamp? { steps.first?.time }

    /// `5% of the fleet`, `eu-west-1 and us-east-1`, `the canary ring`: what it reached, for sentences.
    public var phrase: String {
        var parts: [String] = []
        parts.append(percentRecorded ? "\(Formatting.decimal((percent * 10).rounded() / 10))% of the fleet" : "the fleet (no scope.percent recorded)")
        if !regions.isEmpty { parts.append("in \(regions.joined(separator: ", "))") }
        if let ring { parts.append("ring \(ring)") }
        return parts.joined(separator: " ")
    }
}
