import Hindsight
import HindsightFormats
import HindsightReport
import HindsightServer
import HindsightStore

/// What the command line adds to a library error: the flag or command that fixes it.
/// The libraries say what went wrong; only the front end knows its own flags. Hints are chosen by
/// the error's case, never by its wording.
enum FrontEndHint {
    /// The error's message, followed by the command-line remedy when there is one.
    static func message(for error: any Error) -> String {
        guard let hint = hint(for: error) else { return "\(error)" }
        return "\(error); \(hint)"
    }

    static func hint(for error: any Error) -> String? {
        switch error {
        case let error as StoreError: hint(for: error)
        case let error as RetrospectiveError: hint(for: error)
        case AnalysisError.unknownIncident:
            "list them with 'hindsight incidents'"
        case WhatIfError.noTrigger(let incident):
            "'hindsight analyze \(incident)' says why; a trigger the team knows can be confirmed with "
                + "'hindsight trigger confirm \(incident) CHANGE-ID'"
        case WhatIfError.detectionLagUnknown:
            "give one with --detection-lag, such as --detection-lag 20m"
        case ReportError.unknownTemplate:
            "pass --template with one of those names or the path of a .mustache file, or set HINDSIGHT_TEMPLATES"
        case ReportError.badRegion:
            "the file was left as it is: fix the markers, or write a fresh draft to another file with -o"
        case ServerError.missingKeyFile:
            "create a token first with 'hindsight token create NAME', or name the store's key file with --key-file"
        case FormatError.unknownFormat:
            "if it is one of those, name it with --format (see 'hindsight ingest --help')"
        case ServerError.badCertificate:
            "--tls-cert takes the PEM certificate chain (the server's certificate first) and --tls-key its unencrypted PEM private key"
        case FormatError.recordTooLarge:
            "the limit is set with --max-record-size (or max_record_size under [ingest] in hindsight.toml)"
        case let issue as IngestIssue:
            hint(for: issue)
        default:
            nil
        }
    }

    static func hint(for error: StoreError) -> String? {
        switch error {
        case .cannotOpen:
            return "or name the store with --db PATH (or $HINDSIGHT_DB)"
        case .noStore(let store, let why):
            switch why {
            case .missingFile, .notAFile, .emptyFile:
                return "check --db (or $HINDSIGHT_DB), or create the store by ingesting events into it: hindsight ingest --db \(store) FILE"
            case .foreignDatabase:
                return "point --db (or $HINDSIGHT_DB) at a Hindsight store; this command never writes to a file it did not create"
            case .noSchema:
                return "create them with 'hindsight migrate --db \(store)' (docs/postgres.md)"
            }
        case .invalidLocation:
            return "--db (or $HINDSIGHT_DB) takes postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE for PostgreSQL, or a file path (or sqlite:PATH) for SQLite"
        case .schemaBehind(let store, _, _):
            return "run 'hindsight migrate --db \(store)'"
        case .unknownID(_, let kind, _, nil):
            switch kind {
            case .incident: return "list them with 'hindsight incidents'"
            case .eventOrIncident: return "list them with 'hindsight events' or 'hindsight incidents'"
            }
        case .tokenExists, .unknownToken:
            return "list them with 'hindsight token list'"
        default:
            return nil
        }
    }

    static func hint(for error: RetrospectiveError) -> String? {
        switch error {
        case .unknownChange(_, let incident, _, nil):
            "list the changes before the incident with 'hindsight changes --before \(incident)'"
        case .notAChange:
            "list the changes with 'hindsight changes --before INCIDENT'"
        case .unknownActionItem(_, _, nil):
            "list them with 'hindsight action list'"
        case .invalid(.by, _):
            "pass --by NAME"
        case .invalid(.owner, _):
            "pass --owner NAME"
        case .unknownNote(_, let incident):
            "list its notes with 'hindsight events --kind note', its verdicts with 'hindsight analyze \(incident) --json'"
        default:
            nil
        }
    }

    /// The flag that fixes one record's problem, when a flag can.
    static func hint(for issue: IngestIssue) -> String? {
        if let unrecognised = issue.unrecognised {
            if unrecognised.producer != nil { return nil }
            guard let closest = unrecognised.closest else { return "if it is one of these, name it with --format FORMAT" }
            return "rerun with --format \(closest.rawValue) and its reader names what is missing"
        }
        switch issue.cause {
        case .noTime: return "pass it with --received-at TIME"
        case .noServiceLabel: return "or pass --service-label NAME"
        case nil: return nil
        }
    }
}
