/// The closed list of event kinds of the native format (EVENTS.md, "Kinds").
public enum EventKind: String, Sendable, CaseIterable, Codable, Comparable {
    case deploy, release, config, rollback
    case alert, crash, report
    case incident, note

    /// Kinds that change a system: the candidates for "what triggered this".
    public static let changes: [EventKind] = [.deploy, .release, .config, .rollback]
    /// Kinds that show impact or detection.
    public static let signals: [EventKind] = [.alert, .crash, .report]

    public var isChange: Bool { Self.changes.contains(self) }
    public var isSignal: Bool { Self.signals.contains(self) }

    /// The `status` values EVENTS.md defines for this kind; `nil` where any value is accepted.
    public var allowedStatuses: [String]? {
        switch self {
        case .deploy, .release, .config, .rollback: ["started", "succeeded", "failed"]
        case .alert: ["firing", "resolved"]
        case .incident: ["suspected", "declared", "mitigated", "resolved"]
        case .crash, .report, .note: nil
        }
    }

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
