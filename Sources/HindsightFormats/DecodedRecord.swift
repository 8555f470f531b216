import Hindsight

/// What a decoder yields for each record it reads.
package enum DecodedRecord: Sendable {
    case event(Event, SourceLocation)
    case invalid(IngestIssue)
    /// A well-formed record that has no native meaning (an unknown CDEvents type, say).
    case skipped(SourceLocation, reason: String)
    /// Not a record: something the user should know about the record that follows it (an alert
    /// stored on the service `unknown` because no rule named its service).
    case warning(IngestIssue)
}
