/// How far an incident spread: its crash signals' hosts, occurrences, services and regions,
/// and the exposure the trigger had (EVENTS.md, "blast radius").
public struct BlastRadius: Sendable, Equatable {
    public var hosts: Int
    public var crashes: Int
    public var services: [String]
    public var regions: [String]
    /// The trigger's `scope`, when it has one.
    public var exposure: Scope?

    public init(hosts: Int = 0, crashes: Int = 0, services: [String] = [], regions: [String] = [], exposure: Scope? = nil) {
        self.hosts = hosts
        self.crashes = crashes
        self.services = services
        self.regions = regions
        self.exposure = exposure
    }
}
