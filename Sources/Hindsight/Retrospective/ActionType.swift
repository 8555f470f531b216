/// What an action item does about an incident, in the categories most post-mortem practices use.
public enum ActionType: String, Sendable, CaseIterable {
    /// Keeps it from happening again (a fix, a safeguard, a staged rollout).
    case prevent
    /// Makes the next one smaller or shorter (faster rollback, limits on blast radius).
    case mitigate
    /// Finds the next one sooner (an alert, a dashboard, a probe).
    case detect
    /// Changes how the team works (a runbook, a review, training).
    case process
}
