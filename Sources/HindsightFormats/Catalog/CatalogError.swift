/// A catalog file that cannot be imported, with the file, line and field, and what to do.
package enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case syntax(path: String, line: Int, problem: String)
    case invalid(path: String, line: Int, field: String, problem: String)

    package var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            "cannot read '\(path)': \(reason); check the path and its permissions"
        case .syntax(let path, let line, let problem):
            "\(path):\(line): not valid YAML (\(problem)); fix the file and import it again"
        case .invalid(let path, let line, let field, let problem):
            "\(path):\(line): \(field) \(problem)"
        }
    }
}
