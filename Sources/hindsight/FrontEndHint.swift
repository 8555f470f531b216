import HindsightFormats
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
        case StoreError.notFound:
            "list them with 'hindsight events' or 'hindsight incidents'"
        case FormatError.unknownFormat:
            "if it is one of those, name it with --format (see 'hindsight ingest --help')"
        case FormatError.recordTooLarge:
            "the limit is set with --max-record-size (or max_record_size under [ingest] in hindsight.toml)"
        default:
            nil
        }
    }
}
