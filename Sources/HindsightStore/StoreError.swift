/// What can go wrong with the store, with what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    case notFound(String)
    case database(String)

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
        }
    }
}
