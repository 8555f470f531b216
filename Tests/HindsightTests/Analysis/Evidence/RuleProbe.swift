import Foundation

@testable import Hindsight

/// One rule's observation of one candidate, in an incident built as events and read through the in-memory source.
struct RuleProbe {
    var input: AnalysisInput
    var context: EvidenceContext

    init(_ events: [Event], edges: [CatalogEdge] = [], incident: String = "INC-1") throws {
        let source = MemoryAnalysisSource(events: events, edges: edges)
        input = try AnalysisInput.gather(incident, from: source)!
        context = EvidenceContext(input: input, options: AnalysisOptions(), reference: input.reference!)
    }

    func facts(_ id: String) -> CandidateFacts? {
        input.candidates.first { $0.change.id == id || $0.rolloutSteps.contains { $0.id == id } }
    }

    /// What `rule` measured of candidate `id`, with its log-likelihood ratio under the shipped table.
    func observe(_ rule: some EvidenceRule, _ id: String) -> (measurement: Hindsight.Measurement, llr: Double)? {
        guard let f = facts(id), let m = rule.measure(f, in: context) else { return nil }
        let llr = zip(m.values, rule.features).reduce(0.0) { $0 + $1.0 * CorrelatorParameters.shipped.weight($1.1.name) }
        return (m, llr)
    }

    /// The value of one of `rule`'s features.
    func value(_ rule: some EvidenceRule, _ id: String, _ feature: String) -> Double? {
        guard let (m, _) = observe(rule, id), let i = rule.features.firstIndex(where: { $0.name == feature }) else { return nil }
        return m.values[i]
    }
}
