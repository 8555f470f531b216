/// What can stop the server or its token commands, with what to do about it.
package enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case badKeyFile(path: String, reason: String)
    case unknownFormat(String)
    case badCertificate(path: String, reason: String)

    package var description: String {
        switch self {
        case .badKeyFile(let path, let reason):
            "cannot use the token key file '\(path)': \(reason)"
        case .badCertificate(let path, let reason):
            "cannot serve TLS with '\(path)': \(reason)"
        case .unknownFormat(let name):
            "unknown format '\(name)'; webhook formats are \(HookFormat.all.map(\.name).joined(separator: ", "))"
        }
    }
}
