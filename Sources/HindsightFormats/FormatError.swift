/// A file that cannot be read at all (as opposed to one bad record in it).
public enum FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case unknownFormat(path: String)
    case badHeader(IngestIssue)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot read '\(path)': \(reason); check the path and its permissions"
        case .unknownFormat(let path):
            "cannot tell the format of '\(path)'"
        case .badHeader(let issue):
            issue.description
        }
    }
}
