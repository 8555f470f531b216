/// An adversarial family of generated incidents; the accuracy benchmark reports each on its own.
package enum AccuracyScenarioFamily: String, Sendable, CaseIterable {
    /// Every crash carries the version a full rollout put on the whole fleet; the trigger may be something else.
    case fullRollout = "full-rollout"
    /// Unlinked background crashes on the service throughout the lookback window, before the trigger too.
    case backgroundNoise = "background-noise"
    /// A second incident on the same service while the first one's signals are still in the window.
    case twoIncidents = "two-incidents"
    /// The trigger is on a service the incident's service depends on (a catalog gives the edges).
    case upstream
    /// Automated pushes every 5 minutes on the service; the trigger is one of them (same source, actor, interval).
    case routinePushes = "routine-pushes"
    /// Deployments reported in stages (started, then succeeded or failed) sharing one id; failed and staging ones nearby.
    case deployLifecycle = "deploy-lifecycle"
    /// After recovery, a harmless change is rolled back as a precaution.
    case precautionaryRollback = "precautionary-rollback"
    /// The trigger's rollback takes a long time (`end`); a harmless change is rolled back during it.
    case longRollback = "long-rollback"
    /// The effect starts 45 minutes to 3 hours after the trigger; other changes land in between.
    case delayedEffect = "delayed-effect"
    /// No change triggered it; a recent deploy runs on most failing hosts because it runs on most hosts.
    case noChange = "no-change"
}
