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
    /// The impact ends with a new change on the trigger's target (flag or key), not a rollback; other targets change nearby.
    case fixForward = "fix-forward"
    /// Per-host rollouts name the hosts they reached and the crashes name theirs; the failing hosts are the trigger's.
    case hostContrast = "host-contrast"
    /// Something shipped days earlier on a target key is switched on by a later release or config; other switches nearby.
    case latentConfig = "latent-config"
    /// A canary closer to the impact runs on the failing hosts in the same share as on the fleet; the trigger is elsewhere or nothing.
    case canaryCancels = "canary-cancels"
    /// A rollout in steps of one version; the impact begins at a later step, not at the first.
    case stagedRollout = "staged-rollout"
    /// Automation re-applies an older version than the one running to part of the fleet; the failing hosts run it.
    case staleReapply = "stale-reapply"
    /// No change triggered it (power, a provider): one-off changes minutes before have nothing but timing.
    case outsideCause = "outside-cause"
    /// Changes scoped to regions; the crashes are in the trigger's regions, and a closer change reached others.
    case regionRollout = "region-rollout"
}
