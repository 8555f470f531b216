/// Knobs of the guard: which changes it watches, how long it waits before calling a change healthy, and how sure
/// it must be to call one failing. The defaults are those `hindsight guard`, `serve` and the gates use.
public struct GuardOptions: Sendable, Equatable {
    /// The correlator's options: its rules read the same windows (rate window, clock skew) for a change in progress.
    public var analysis = AnalysisOptions()
    /// A production change is watched while it rolls out and this long after its last step.
    public var watchWindow: TimeSpan = .hours(2)
    /// Steps of one rollout (same service, kind and version) count together when they lie within this span of the
    /// change asked about; an older application of the same version is another rollout.
    public var rolloutSpan: TimeSpan = .days(1)
    /// The signals on its service before its first step that set the usual rate: the busier of this window and `recentWindow`.
    public var baselineWindow: TimeSpan = .hours(1)
    /// The quarter hour before its first step: an incident already under way makes this the busier rate, so the rise is not the change's.
    public var recentWindow: TimeSpan = .minutes(15)
    /// The span of signals before its first step whose regions give each region's usual share.
    public var regionWindow: TimeSpan = .days(1)
    /// How long a change must have been out before it can be called healthy.
    public var minimumObservation: TimeSpan = .minutes(5)
    /// How many signals its exposed part must have been expected to produce at the usual rate before silence means healthy.
    public var minimumExpectedSignals: Double = 2
    /// How many signals since its first step a failing verdict needs at least.
    public var minimumSignals: Int = 3
    /// The share of production changes that turn out bad, before any evidence (DORA's change failure rate of a good team).
    public var prior: Double = 0.1
    /// The least probability of failing at which it is called failing, and the most at which it may be called healthy.
    public var failingThreshold: Double = 0.9
    public var healthyThreshold: Double = 0.2

    public init() {}

    /// The prior in log-odds.
    var priorLogOdds: Double { LogOdds.of(prior) }
}
