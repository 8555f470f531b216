/// Whether a safe-release practice was observed, with the facts behind the verdict.
public struct Finding: Sendable, Equatable {
    /// A stable key: `canary`, `deploy_separated_from_release`, `internal_detection`, `detection_lag`, `rollback`, `staged_rollout_whatif`.
    public var practice: String
    /// `nil` when the data cannot tell.
    public var ok: Bool?
    public var detail: String

    public init(practice: String, ok: Bool?, detail: String) {
        self.practice = practice
        self.ok = ok
        self.detail = detail
    }
}
