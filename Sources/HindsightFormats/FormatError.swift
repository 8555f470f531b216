/// A file that cannot be read at all (as opposed to one bad record in it).
package enum FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// Not JSON nor CSV: what its first line looks like.
    case unknownFormat(path: String, looksLike: String)
    case badHeader(IngestIssue)
    /// A line, or one JSON value, longer than the input's record-size limit (in bytes).
    case recordTooLarge(path: String, line: Int, limit: Int)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot read '\(path)': \(reason); check the path and its permissions"
        case .unknownFormat(let path, let looksLike):
            "'\(path)' looks like \(looksLike), which Hindsight does not read; it reads \(PayloadDescriber.supported)"
        case .badHeader(let issue):
            issue.description
        case .recordTooLarge(let path, let line, let limit):
            "\(path):\(line): the record starting here is larger than the limit of \(Self.size(limit)) "
                + "(one line, or one JSON value, is held in memory whole); split the input, or raise the limit"
        }
    }

    /// `16777216` → `16 MiB`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
