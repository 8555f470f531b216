/// What can stop the server or its token commands, with what to do about it.
package enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case badKeyFile(path: String, reason: String)
    /// No key file where one was expected: no token was ever created for this store (or the file moved).
    case missingKeyFile(path: String)
    /// A webhook format no hook has; `mappings` names the `[[mapping]]` hooks there are.
    case unknownFormat(String, mappings: [String] = [])
    case badCertificate(path: String, reason: String)

    package var description: String {
        switch self {
        case .badKeyFile(let path, let reason):
            "cannot use the token key file '\(path)': \(reason)"
        case .badCertificate(let path, let reason):
            "cannot serve TLS with '\(path)': \(reason)"
        case .missingKeyFile(let path):
            "the token key file '\(path)' does not exist, so no token's secret can be opened"
        case .unknownFormat(let name, let mappings):
            "unknown format '\(name)'; webhook formats are \((HookFormat.all.map(\.name) + mappings).joined(separator: ", "))"
        }
    }
}
