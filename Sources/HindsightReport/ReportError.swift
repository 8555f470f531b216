/// What can go wrong while locating, parsing or rendering a post-mortem template, with what to do about it.
package enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A template name that is in none of the searched directories.
    case unknownTemplate(name: String, available: [String], searched: [String])
    /// A template path that does not exist or cannot be read.
    case unreadableTemplate(path: String, reason: String)
    /// A template whose Mustache syntax is wrong, at a 1-based line and column.
    case templateSyntax(file: String, line: Int, column: Int, problem: String, text: String)
    /// A time zone that Foundation does not know.
    case unknownTimeZone(String)
    /// The output file cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A post-mortem whose generated-region markers do not pair up, at a 1-based line.
    case badRegion(file: String, line: Int, problem: String)

    package var description: String {
        switch self {
        case .unknownTemplate(let name, let available, let searched):
            let list = available.isEmpty ? "none found" : available.joined(separator: ", ")
            let dirs = searched.isEmpty ? "no template directory was found" : "searched " + searched.joined(separator: ", ")
            return "no template named '\(name)' (available: \(list); \(dirs))"
        case .unreadableTemplate(let path, let reason):
            return "cannot read the template '\(path)': \(reason); check the path"
        case .templateSyntax(let file, let line, let column, let problem, let text):
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            return "\(file):\(line):\(column): template syntax error: \(problem) in '\(shown)'; fix the tag (see mustache(5)) or copy a bundled template again"
        case .unknownTimeZone(let zone):
            return "unknown time zone '\(zone)'; use an IANA name such as UTC, Europe/Berlin or America/New_York"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason); check that the directory exists and is writable"
        case .badRegion(let file, let line, let problem):
            return "\(file):\(line): \(problem)"
        }
    }
}
