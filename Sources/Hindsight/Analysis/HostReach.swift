/// Which hosts a change reached and which failed, for the host contrast: counted by the source from the
/// change's per-host events (`host` on each) and the incident's signals, never row by row.
public struct HostReach: Sendable, Equatable {
    /// Distinct hosts its rollout's events name, up to the reference time.
    public var reached: Int
    /// Distinct hosts seen on its service: its reach, other changes' hosts, and signals' hosts.
    public var fleet: Int
    /// Distinct hosts of the incident's signals on its service from the reference time on, and how many of them it reached.
    public var failing: Int
    public var failingInside: Int

    public init(reached: Int, fleet: Int, failing: Int, failingInside: Int) {
        self.reached = reached
        self.fleet = fleet
        self.failing = failing
        self.failingInside = failingInside
    }
}
