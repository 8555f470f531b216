import GRDB
import Hindsight

extension EventStore {
    /// Gathers what the analysis needs about an incident from the store, in one read transaction;
    /// throws `notFound` for an unknown incident.
    public func analysisInput(incident id: String, options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisInput {
        try read { db in
            guard let input = try AnalysisInput.gather(id, from: StoreAnalysisSource(db), options: options) else { throw StoreError.notFound(id) }
            return input
        }
    }
}
