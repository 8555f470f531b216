import Hindsight

/// What can go wrong recording a note, a verdict or an action item, with what to do about it. An
/// unknown incident is `StoreError.unknownID`.
package enum RetrospectiveError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownChange(String, incident: String, store: String, suggestion: String?)
    case notAChange(String, kind: String)
    case unknownActionItem(String, store: String, suggestion: String?)
    case invalid(field: Field, message: String)

    /// The part of a record that is invalid.
    package enum Field: String, Sendable, Equatable {
        case text
        /// Who gives a verdict.
        case by = "author"
        case owner
    }
    /// No note with this id on the incident: only a plain note or a verdict can be retracted.
    case unknownNote(String, incident: String)
    /// The event is on the incident but cannot be retracted (an action item's note, a retraction, not a note).
    case notRetractable(String, why: String)

    package var description: String {
        switch self {
        case .unknownChange(let id, let incident, let store, let suggestion):
            "no change '\(id)' in \(store) to judge as the trigger of \(incident)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .notAChange(let id, let kind):
            "'\(id)' is a \(kind) event, not a change; a trigger is a deploy, release, config or rollback"
        case .unknownActionItem(let id, let store, let suggestion):
            "no action item '\(id)' in \(store)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .invalid(let field, let message):
            "the \(field.rawValue) \(message)"
        case .unknownNote(let id, let incident):
            "no note or verdict '\(id)' on incident \(incident)"
        case .notRetractable(let id, let why):
            "'\(id)' cannot be retracted: \(why)"
        }
    }
}
