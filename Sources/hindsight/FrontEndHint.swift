import HindsightFormats
import HindsightReport
import HindsightStore

/// What the command line adds to a library error: the flag or command that fixes it.
/// The libraries say what went wrong; only the front end knows its own flags.
enum FrontEndHint {
    /// The error's message, followed by the command-line remedy when there is one.
    static func message(for error: any Error) -> String {
        guard let hint = hint(for: error) else { return "\(error)" }
        return "\(error); \(hint)"
    }

    static func hint(for error: any Error) -> String? {
        switch error {
        case StoreError.cannotOpen:
            "or name the store with --db PATH (or $HINDSIGHT_DB)"
        case StoreError.invalidLocation:
            "--db (or $HINDSIGHT_DB) takes postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE for PostgreSQL, or a file path (or sqlite:PATH) for SQLite"
        case StoreError.schemaBehind(let store, _, _):
            "run 'hindsight migrate --db \(store)'"
        case StoreError.notFound:
            "list them with 'hindsight events' or 'hindsight incidents'"
        case RetrospectiveError.unknownIncident:
            "list them with 'hindsight incidents'"
        case RetrospectiveError.unknownChange(_, let incident):
            "list the changes before the incident with 'hindsight changes --before \(incident)'"
        case RetrospectiveError.notAChange:
            "list the changes with 'hindsight changes --before INCIDENT'"
        case RetrospectiveError.unknownActionItem:
            "list them with 'hindsight action list'"
        case RetrospectiveError.unknownNote(_, let incident):
            "list its notes with 'hindsight events --kind note', its verdicts with 'hindsight analyze \(incident) --json'"
        case ReportError.badRegion:
            "the file was left as it is: fix the markers, or write a fresh draft to another file with -o"
        case FormatError.unknownFormat:
            "if it is one of those, name it with --format (see 'hindsight ingest --help')"
        case FormatError.recordTooLarge:
            "the limit is set with --max-record-size (or max_record_size under [ingest] in hindsight.toml)"
        case let issue as IngestIssue:
            hint(for: issue)
        default:
            nil
        }
    }

    /// The flag that fixes one record's problem, when a flag can.
    static func hint(for issue: IngestIssue) -> String? {
        if let unrecognised = issue.unrecognised {
            guard let closest = unrecognised.closest else { return "if it is one of these, name it with --format FORMAT" }
            return "if it is \(closest.rawValue), rerun with --format \(closest.rawValue) to see what is missing"
        }
        if issue.message.contains("none of which a service rule names") { return "or pass --service-label NAME" }
        if issue.message.contains("give the time the event was received") { return "pass it with --received-at TIME" }
        return nil
    }
}
