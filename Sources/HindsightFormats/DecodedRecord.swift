import Hindsight

/// What a decoder yields for each record it reads.
public enum DecodedRecord: Sendable {
    case event(Event, SourceLocation)
    case invalid(IngestIssue)
    /// A well-formed record that has no native meaning (an unknown CDEvents type, say).
    case skipped(SourceLocation, reason: String)
}
