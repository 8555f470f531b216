import Hindsight

/// What can go wrong recording a note, a verdict or an action item, with what to do about it.
package enum RetrospectiveError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIncident(String, suggestion: String?)
    case unknownChange(String, incident: String)
    case notAChange(String, kind: String)
    case unknownActionItem(String, suggestion: String?)
    case invalid(field: String, message: String)
    /// No note with this id on the incident: only a plain note or a verdict can be retracted.
    case unknownNote(String, incident: String)
    /// The event is on the incident but cannot be retracted (an action item's note, a retraction, not a note).
    case notRetractable(String, why: String)

    package var description: String {
        switch self {
        case .unknownIncident(let id, let suggestion):
            "no incident '\(id)' in the store" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .unknownChange(let id, let incident):
            "no change '\(id)' in the store to judge as the trigger of \(incident)"
        case .notAChange(let id, let kind):
            "'\(id)' is a \(kind) event, not a change; a trigger is a deploy, release, config or rollback"
        case .unknownActionItem(let id, let suggestion):
            "no action item '\(id)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .invalid(let field, let message):
            "\(field): \(message)"
        case .unknownNote(let id, let incident):
            "no note or verdict '\(id)' on incident \(incident)"
        case .notRetractable(let id, let why):
            "'\(id)' cannot be retracted: \(why)"
        }
    }
}
