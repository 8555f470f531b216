/// What can stop an analysis, with what to do about it.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIncident(String)

    public var description: String {
        switch self {
        case .unknownIncident(let id): "no incident '\(id)'; list them with 'hindsight incidents'"
        }
    }
}
