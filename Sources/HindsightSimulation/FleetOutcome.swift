import Hindsight

/// What a simulated fleet incident came to: crashes per region and second, and the derived times.
/// Small whatever the fleet size (regions × horizon seconds counters), so millions of hosts stay cheap.
public struct FleetOutcome: Sendable, Equatable {
    /// `crashes[region][second]`: hosts whose crash fell in that second after the change (reverts applied).
    public var crashes: [[Int32]]
    /// Hosts that crashed (each crashes once), all regions.
    public var crashedHosts: Int
    /// Hosts exposed by the stages that started before the revert.
    public var exposedHosts: Int
    public var firstCrash: Timestamp?
    public var lastCrash: Timestamp?
    public var alert: Timestamp?
    public var revert: Timestamp?
    public var reports: [Timestamp]
    public var declared: Timestamp
    public var mitigated: Timestamp?
    public var resolved: Timestamp
    /// Start times of the rollout stages that began before the revert.
    public var stagesStarted: [Timestamp]

    /// Crashed hosts per region, in the scenario's region order.
    public var crashesPerRegion: [Int] { crashes.map { $0.reduce(0) { $0 + Int($1) } } }
}
