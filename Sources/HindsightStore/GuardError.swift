import Hindsight

/// What can go wrong asking the guard about a change or acting on its suspected incidents, with what to do.
/// An unknown incident is `StoreError.unknownID`.
package enum GuardError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownChange(String, store: String, suggestion: String?)
    case notAChange(String, kind: String)
    /// No suspected incident was raised for this change.
    case notSuspected(String, store: String)
    /// `incident merge` was given an incident the guard did not raise first.
    case notAGuardIncident(String)
    /// `incident merge` was given the same incident twice, or two guard incidents.
    case cannotMerge(String, into: String, reason: String)
    case emptyReason

    package var description: String {
        switch self {
        case .unknownChange(let id, let store, let suggestion):
            "no change '\(id)' in \(store)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .notAChange(let id, let kind):
            "'\(id)' is a \(kind) event; the guard judges deploys, releases and config changes"
        case .notSuspected(let id, let store):
            "the guard raised no suspected incident for change '\(id)' in \(store); its incident would be 'guard-\(id)'"
        case .notAGuardIncident(let id):
            "'\(id)' is not an incident the guard raised (those are named guard-<change id> and begin suspected)"
        case .cannotMerge(let from, let into, let reason):
            "cannot merge \(from) into \(into): \(reason)"
        case .emptyReason:
            "the reason is empty; say why the alarm was false"
        }
    }
}
