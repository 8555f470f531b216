import ArgumentParser
import Hindsight

extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) {
        guard case .success(let t) = Timestamp.parse(argument) else { return nil }
        self = t
    }
}

extension TimeSpan: ExpressibleByArgument {
    public init?(argument: String) {
        guard let span = TimeSpan.parse(argument) else { return nil }
        self = span
    }
}

extension EventKind: ExpressibleByArgument {}

/// Parses a time option with the reason it is wrong.
func parseTime(_ text: String, option: String) throws -> Timestamp {
    switch Timestamp.parse(text) {
    case .success(let t): return t
    case .failure(let e): throw ValidationError("\(option): \(e.description)")
    }
}
