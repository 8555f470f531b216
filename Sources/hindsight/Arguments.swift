import ArgumentParser
import Hindsight

extension TimeSpan: ExpressibleByArgument {
    public init?(argument: String) {
        guard let span = TimeSpan.parse(argument) else { return nil }
        self = span
    }
}

extension EventKind: ExpressibleByArgument {}

/// Parses a time option with the reason it is wrong (a time without an offset says how to add one).
/// Times are parsed here rather than as `ExpressibleByArgument`, whose failure cannot say why.
func parseTime(_ text: String, option: String) throws -> Timestamp {
    switch Timestamp.parse(text) {
    case .success(let t): return t
    case .failure(let e): throw ValidationError("\(option): \(e.description)")
    }
}
