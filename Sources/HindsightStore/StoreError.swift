/// What can go wrong with the store, with what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    case notFound(String)
    case database(String)
    /// Another writer held the store's write lock longer than this one waits (seconds, when known).
    case busy(seconds: Double?)
    case tokenExists(String)
    case unknownToken(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the store '\(path)': \(reason); check the path"
        case .migrationFailed(let reason):
            "cannot update the store's schema: \(reason); is the file a Hindsight store?"
        case .notFound(let what):
            "no event or incident '\(what)' in the store"
        case .database(let reason):
            "the store failed: \(reason)"
        case .busy(let seconds):
            "the store is busy: another process held its write lock\(seconds.map { " for more than \(Int($0)) s" } ?? ""); retry when it is done"
        case .tokenExists(let name):
            "a token named '\(name)' already exists; pick another name, or revoke it first with 'hindsight token revoke \(name)'"
        case .unknownToken(let name):
            "no active token named '\(name)'; list them with 'hindsight token list'"
        }
    }
}
