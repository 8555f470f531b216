import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident from the store, in one read transaction;
    /// throws `notFound` for an unknown incident.
    package func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        try read { s in
            guard let input = try AnalysisInput.gather(id, from: StoreAnalysisSource(s), options: options) else { throw StoreError.notFound(id) }
            return input
        }
    }
}
