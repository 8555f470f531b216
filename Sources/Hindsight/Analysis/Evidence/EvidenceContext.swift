/// The incident-wide facts every rule may read beside a candidate's own: the gathered input, the options, and
/// the reference time changes are judged against.
package struct EvidenceContext: Sendable {
    package var input: AnalysisInput
    package var options: AnalysisOptions
    /// The onset, else impact start (`AnalysisInput.reference`).
    package var reference: Timestamp

    package init(input: AnalysisInput, options: AnalysisOptions, reference: Timestamp) {
        self.input = input
        self.options = options
        self.reference = reference
    }

    /// How sentences name the reference: impact start itself, or the later rise the correlator judges against.
    package var referenceName: String {
        input.reference == input.impactStart ? "impact start" : "the onset at \(reference.rfc3339)"
    }

    /// "impact began 5m after it", or "the signals rose at T, 5m after it" when the reference is a later onset.
    package func began(_ span: TimeSpan, after what: String) -> String {
        input.reference == input.impactStart ? "impact began \(span) after \(what)" : "the signals rose at \(reference.rfc3339), \(span) after \(what)"
    }

    /// When its rollout settled: its end, or the reference if it was still rolling out then.
    func settled(_ c: Event) -> Timestamp {
        min(c.end.map { max($0, c.time) } ?? c.time, max(reference, c.time))
    }

    /// The chance that a change of its series lands within `gap` of any given moment, from its service's cadence;
    /// `nil` when the cadence is unknown (facts built without a source).
    func chance(_ f: CandidateFacts, gap: TimeSpan) -> Double? {
        guard let s = f.series else { return nil }
        let span = Double(max(gap.milliseconds < 0 ? -gap.milliseconds : gap.milliseconds, 60_000))
        let perMillisecond: Double
        if s.count >= options.routineCount {
            perMillisecond = Double(s.count - 1) / Double(max((s.last - s.first).milliseconds, 60_000))
        } else {
            perMillisecond = Double(max(f.serviceChanges, s.count, 1)) / Double(options.cadenceWindow.milliseconds)
        }
        // x / (1 + x): the chance of at least one arrival, close to x when x is small, never above 1.
        let x = perMillisecond * span
        return x / (1 + x)
    }

    /// The share of the fleet (0–1) its rollout had reached at `t`: each step holds its `scope.percent` (100
    /// without one: the cautious reading) from its time, ramping up from the step before until its `end`.
    func exposure(_ f: CandidateFacts, at t: Timestamp) -> Double {
        let steps = f.rolloutSteps.sorted { $0.time < $1.time }.filter { $0.time <= t }
        guard let step = steps.last else { return 0 }
        let p = min(max((step.scope?.percent ?? 100) / 100, 0), 1)
        guard let end = step.end, end > t else { return p }
        let previous = steps.count > 1 ? min(max((steps[steps.count - 2].scope?.percent ?? 100) / 100, 0), 1) : 0
        return previous + (p - previous) * Double((t - step.time).milliseconds) / Double(max((end - step.time).milliseconds, 1))
    }
}
