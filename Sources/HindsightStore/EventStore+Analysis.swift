import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident from the store, in one read transaction;
    /// throws `unknownID` for an unknown incident.
    package func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        let input = try read { s in try AnalysisInput.gather(id, from: StoreAnalysisSource(s), options: options) }
        guard let input else { throw try unknownIncident(id) }
        return input
    }

    /// The error for an incident id the store does not have, with the nearest it has.
    package func unknownIncident(_ id: String) throws -> StoreError {
        .unknownID(id, kind: .incident, store: displayName, suggestion: try nearestIncident(to: id))
    }
}
