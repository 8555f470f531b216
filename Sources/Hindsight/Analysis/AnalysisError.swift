/// What can stop an analysis; a front end adds how to list what there is.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIncident(String)

    public var description: String {
        switch self {
        case .unknownIncident(let id): "no incident '\(id)'"
        }
    }
}
