/// What is wrong with a parameter table, naming the file and line.
public enum ParameterTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line that is not `name value`.
    case syntax(file: String, line: Int, text: String)
    /// A name no rule measures, with the nearest known one.
    case unknownName(file: String, line: Int, name: String, suggestion: String?)
    /// A value that is not a finite number, or outside its range.
    case badValue(file: String, line: Int, name: String, value: String, expected: String)
    /// Names the table must give and does not (a table written for another version of the rules).
    case missing(file: String, names: [String])

    public var description: String {
        switch self {
        case .syntax(let file, let line, let text):
            return "\(file):\(line): '\(text)' is not a parameter line; write 'name value' (a '#' starts a comment)"
        case .unknownName(let file, let line, let name, let suggestion):
            return "\(file):\(line): unknown parameter '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see docs/correlator.md for the names")
        case .badValue(let file, let line, let name, let value, let expected):
            return "\(file):\(line): '\(name)' must be \(expected), not '\(value)'"
        case .missing(let file, let names):
            return "\(file): no value for \(names.map { "'\($0)'" }.joined(separator: ", ")); the table was written for other rules, so fit it again"
        }
    }
}
