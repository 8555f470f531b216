/// What can stop the server or its token commands, with what to do about it.
package enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case badKeyFile(path: String, reason: String)
    /// A webhook format no hook has; `mappings` names the `[[mapping]]` hooks there are.
    case unknownFormat(String, mappings: [String] = [])

    package var description: String {
        switch self {
        case .badKeyFile(let path, let reason):
            "cannot use the token key file '\(path)': \(reason)"
        case .unknownFormat(let name, let mappings):
            "unknown format '\(name)'; webhook formats are \((HookFormat.all.map(\.name) + mappings).joined(separator: ", "))"
        }
    }
}
