/// One kind of evidence about a candidate change. A rule reads the candidate's facts and the incident's, as
/// gathered up to the time they describe (the incident's reference time and what followed it so far), and
/// returns what it measured and one sentence true of the data; `nil` when it has nothing to weigh or say.
///
/// Rules never assume the incident has ended: a rollback that has not happened, or a window after it that has
/// not elapsed, is simply absent from the facts. The guard judges a change still rolling out with the same rules.
package protocol EvidenceRule: Sendable {
    /// The rule's name in `analyze --json` and in the parameter table (`version-contrast`).
    var name: String { get }
    /// The quantities it measures, each weighed by the parameter table.
    var features: [EvidenceFeature] { get }
    func measure(_ facts: CandidateFacts, in context: EvidenceContext) -> Measurement?
}
