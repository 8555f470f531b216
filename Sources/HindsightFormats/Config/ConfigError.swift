/// A configuration file that cannot be used: which file, which line, which key, what to do.
package enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    /// Not valid TOML.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// A key that is unknown or holds a value of the wrong kind; `line` is 0 when it cannot be placed.
    case invalid(path: String, line: Int, key: String, message: String)

    package var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            "cannot read the configuration '\(path)': \(reason); check the path and its permissions"
        case .syntax(let path, let line, let column, let message):
            "\(path):\(line):\(column): not valid TOML: \(message); fix the file (see docs/formats.md for its keys)"
        case .invalid(let path, let line, let key, let message):
            "\(path)\(line > 0 ? ":\(line)" : ""): key '\(key)': \(message)"
        }
    }
}
