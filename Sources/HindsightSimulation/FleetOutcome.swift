import Hindsight

/// What a simulated fleet incident came to: crashes per region and second, and the derived times.
/// Small whatever the fleet size (regions × horizon seconds counters), so millions of hosts stay cheap.
package struct FleetOutcome: Sendable, Equatable {
    /// `crashes[region][second]`: hosts whose crash fell in that second after the change (reverts applied).
    package var crashes: [[Int32]]
    /// Hosts that crashed (each crashes once), all regions.
    package var crashedHosts: Int
    /// Hosts exposed by the stages that started before the revert.
    package var exposedHosts: Int
    package var firstCrash: Timestamp?
    package var lastCrash: Timestamp?
    package var alert: Timestamp?
    package var revert: Timestamp?
    package var reports: [Timestamp]
    package var declared: Timestamp
    package var mitigated: Timestamp?
    package var resolved: Timestamp
    /// Start times of the rollout stages that began before the revert.
    package var stagesStarted: [Timestamp]

    /// Crashed hosts per region, in the scenario's region order.
    package var crashesPerRegion: [Int] { crashes.map { $0.reduce(0) { $0 + Int($1) } } }
}
