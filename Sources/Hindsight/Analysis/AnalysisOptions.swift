/// Knobs of the analysis, with the defaults EVENTS.md and the correlator use.
public struct AnalysisOptions: Sendable, Equatable {
    /// How far before impact start changes are candidates.
    public var window: TimeSpan = .days(7)
    /// Changes this long after impact start still count (clocks disagree); later ones never trigger.
    public var clockSkew: TimeSpan = .minutes(5)
    /// Unlinked signals count from (declared − lookback).
    public var lookback: TimeSpan = .hours(1)
    /// Detection slower than this is a finding.
    public var detectionTarget: TimeSpan = .minutes(5)
    /// How far before a trigger a deploy may be the latent change that it switched on.
    public var latentWindow: TimeSpan = .days(365)
    /// The span over which signal rates are compared around a change or a rollback.
    public var rateWindow: TimeSpan = .hours(1)
    /// The weights, base rate, threshold and margin the correlator decides with (the fitted table that ships, unless
    /// a team's own is given).
    public var parameters: CorrelatorParameters = .shipped
    /// The least posterior at which the correlator names a trigger; `nil`: the parameter table's threshold.
    public var minimumConfidence: Double?
    /// How far back a service's change cadence is learnt.
    public var cadenceWindow: TimeSpan = .days(3)
    /// Changes of one series (service, kind, source, actor) in the cadence window from which it is routine.
    public var routineCount: Int = 6
    /// Environments besides production whose changes are candidates (`analyze --environment`).
    public var environments: Set<String> = []

    public init() {}

    /// Whether a change made in `environment` can be a candidate.
    public func considers(environment: String) -> Bool {
        Self.isProduction(environment) || environments.contains(environment)
    }

    /// `production` and the spellings deploy tools use for it.
    public static func isProduction(_ environment: String) -> Bool {
        ["production", "prod", "prd", "live"].contains(environment.lowercased())
    }
}
