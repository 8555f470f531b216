/// Why an incident's rollout cannot be simulated; a front end adds which of its options fixes it.
public enum WhatIfError: Error, Equatable, CustomStringConvertible {
    case noTrigger(incident: String)
    case noImpactStart(incident: String)
    case detectionLagUnknown(incident: String)

    public var description: String {
        switch self {
        case .noTrigger(let id):
            return "no trigger identified for \(id), so there is no rollout to simulate"
        case .noImpactStart(let id):
            return "\(id) has no signals, so there is no impact start to simulate from; ingest its alerts, crashes or reports"
        case .detectionLagUnknown(let id):
            return "\(id) has no recorded detection (no firing alert or 'declared' incident event), so its detection lag is unknown; "
                + "give the simulation one"
        }
    }
}
