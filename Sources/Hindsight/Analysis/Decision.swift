/// The decision over competing hypotheses: name the most likely change only when its posterior clears the
/// threshold and leads the runner-up (another change, or no change) by the margin; otherwise abstain.
package enum Decision {
    /// The posteriors of scores in log-odds (a softmax, stable for large scores).
    package static func posteriors(_ scores: [Double]) -> [Double] {
        guard let top = scores.max() else { return [] }
        let e = scores.map { LogMath.power($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// The index of the change to name in `hypotheses` (sorted best first), or `nil` to abstain.
    package static func named(_ hypotheses: [Hypothesis], threshold: Double, margin: Double) -> Int? {
        guard let best = hypotheses.first, best.kind == .change, best.posterior >= threshold else { return nil }
        let runnerUp = hypotheses.count > 1 ? hypotheses[1].posterior : 0
        return best.posterior - runnerUp >= margin ? 0 : nil
    }
}
