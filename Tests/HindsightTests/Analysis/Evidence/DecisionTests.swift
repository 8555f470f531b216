import Testing

@testable import Hindsight

/// The decision over hand-made hypothesis sets: a clear winner is named, a tie and "no change" ahead are not.
@Suite("Decision")
struct DecisionTests {
    static func hypotheses(_ posteriors: [(String?, Double)]) -> [Hypothesis] {
        posteriors.map { Hypothesis(id: $0.0, kind: $0.0 == nil ? .none : .change, posterior: $0.1) }
    }

    @Test func posteriorsAreASoftmaxOfTheScores() {
        let p = Decision.posteriors([0, 0.693, 1000])
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(p[2] > 0.999_999)
        let even = Decision.posteriors([2, 2])
        #expect(even == [0.5, 0.5])
        #expect(Decision.posteriors([]).isEmpty)
    }

    @Test func aClearWinnerIsNamed() {
        let h = Self.hypotheses([("deploy-x", 0.9), (nil, 0.06), ("config-y", 0.04)])
        #expect(Decision.named(h, threshold: 0.7, margin: 0.1) == 0)
    }

    @Test func aTieIsNotNamedEvenAboveTheThreshold() {
        let h = Self.hypotheses([("deploy-x", 0.48), ("config-y", 0.47), (nil, 0.05)])
        #expect(Decision.named(h, threshold: 0.4, margin: 0.1) == nil)
        // The same lead over the margin is named.
        let clear = Self.hypotheses([("deploy-x", 0.6), ("config-y", 0.35), (nil, 0.05)])
        #expect(Decision.named(clear, threshold: 0.4, margin: 0.1) == 0)
    }

    @Test func noChangeAheadIsNeverNamed() {
        let h = Self.hypotheses([(nil, 0.55), ("deploy-x", 0.30), ("config-y", 0.15)])
        #expect(Decision.named(h, threshold: 0.2, margin: 0) == nil)
    }

    @Test func belowTheThresholdIsNotNamed() {
        let h = Self.hypotheses([("deploy-x", 0.69), (nil, 0.2), ("config-y", 0.11)])
        #expect(Decision.named(h, threshold: 0.7, margin: 0.1) == nil)
        #expect(Decision.named(h, threshold: 0.69, margin: 0.1) == 0)
    }

    /// The correlator's abstention names the hypotheses that remained, with their posteriors.
    @Test func anAbstentionSaysWhichHypothesesRemained() {
        let c = Correlator()
        let h = Self.hypotheses([(nil, 0.55), ("deploy-x", 0.30), ("config-y", 0.15)])
        #expect(
            c.abstention(h, threshold: 0.7, margin: 0.1)
                == "no confident trigger: no recorded change has evidence enough to beat 'no change in the store' (an outside cause, "
                + "or a change made outside the tools that feed Hindsight); the hypotheses that remain: no change: 0.55; deploy-x: 0.30; config-y: 0.15")
        let tie = Self.hypotheses([("deploy-x", 0.48), ("config-y", 0.47), (nil, 0.05)])
        #expect(
            c.abstention(tie, threshold: 0.4, margin: 0.1).hasPrefix("no confident trigger: deploy-x (0.48) leads config-y (0.47) by less than the 0.10 margin")
        )
        let low = Self.hypotheses([("deploy-x", 0.45), (nil, 0.35), ("config-y", 0.2)])
        #expect(
            c.abstention(low, threshold: 0.7, margin: 0.1).hasPrefix(
                "no confident trigger: the most likely change, deploy-x, has a posterior of 0.45, below the 0.70 needed"))
    }
}
