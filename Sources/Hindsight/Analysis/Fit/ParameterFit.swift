/// Fits the correlator's weights to labeled incidents by conditional logistic regression: each incident is a
/// choice among its hypotheses (every candidate change and no change), the log-odds of a change is the sum of
/// its features times their weights, and of no change a base rate. The fit maximises the likelihood of the true
/// hypotheses with a small pull toward `prior` (a ridge penalty), keeping each weight on the side its feature's
/// direction allows. Cyclic coordinate Newton steps in a fixed order: the same data gives the same table, bit
/// for bit.
package struct ParameterFit: Sendable {
    /// The values the penalty pulls toward (all 0 when `nil`); a team's fit starts from the shipped table.
    package var prior: CorrelatorParameters?
    /// How strongly, in units of one incident's log-likelihood.
    package var penalty: Double
    package var maximumSweeps = 400

    package init(prior: CorrelatorParameters? = nil, penalty: Double = 1) {
        self.prior = prior
        self.penalty = penalty
    }

    /// The fitted weights and base rate; `threshold` and `margin` are kept from `decision` (see `threshold(for:)`).
    package func fit(_ incidents: [FitIncident], decision: (threshold: Double, margin: Double), notes: [String] = []) -> CorrelatorParameters {
        let features = EvidenceRules.features
        let k = features.count
        // Parameter 0 is the base rate of no change; 1...k the feature weights.
        let mean = [prior?.noChange ?? 0] + features.map { prior?.weight($0.name) ?? 0 }
        var theta = mean.enumerated().map { $0.offset == 0 ? $0.element : features[$0.offset - 1].clamp($0.element) }
        let data = incidents.filter { $0.weight > 0 }
        // Scores per incident: none first, then each candidate.
        var scores = data.map { i in [theta[0]] + i.candidates.map { x in zip(x, theta.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        for _ in 0..<maximumSweeps {
            var largest = 0.0
            for j in 0...k {
                var gradient = -penalty * (theta[j] - mean[j])
                var curvature = penalty
                for (n, incident) in data.enumerated() {
                    let p = Decision.posteriors(scores[n])
                    var expected = 0.0
                    var square = 0.0
                    for h in p.indices {
                        let x = Self.value(incident, hypothesis: h, parameter: j)
                        expected += p[h] * x
                        square += p[h] * x * x
                    }
                    let truth = incident.truth.map { $0 + 1 } ?? 0
                    gradient += incident.weight * (Self.value(incident, hypothesis: truth, parameter: j) - expected)
                    curvature += incident.weight * (square - expected * expected)
                }
                var next = theta[j] + max(min(gradient / curvature, 1), -1)
                if j > 0 { next = features[j - 1].clamp(next) }
                let step = next - theta[j]
                guard step != 0 else { continue }
                theta[j] = next
                largest = max(largest, abs(step))
                for (n, incident) in data.enumerated() {
                    for h in scores[n].indices { scores[n][h] += step * Self.value(incident, hypothesis: h, parameter: j) }
                }
            }
            if largest < 1e-7 { break }
        }
        var weights: [String: Double] = [:]
        for (i, f) in features.enumerated() { weights[f.name] = theta[i + 1] }
        return CorrelatorParameters(weights: weights, noChange: theta[0], threshold: decision.threshold, margin: decision.margin, notes: notes)
    }

    /// Hypothesis `h` (0 = none)'s value of parameter `j` (0 = the base rate).
    static func value(_ incident: FitIncident, hypothesis h: Int, parameter j: Int) -> Double {
        if j == 0 { return h == 0 ? 1 : 0 }
        return h == 0 ? 0 : incident.candidates[h - 1][j - 1]
    }

    /// The least threshold (in hundredths) at which every group's named triggers are right at least `precision` of
    /// the time (a group with fewer than `minimumNamed` names is judged with the rest).
    package static func threshold(for incidents: [FitIncident], parameters: CorrelatorParameters, precision: Double, minimumNamed: Int = 5) -> Double {
        for hundredths in 30...99 {
            let t = Double(hundredths) / 100
            var named: [String: (all: Int, right: Int)] = [:]
            for i in incidents {
                let j = i.judged(parameters, threshold: t)
                guard let n = j.named else { continue }
                named[i.group, default: (0, 0)].all += 1
                if n == i.truth { named[i.group, default: (0, 0)].right += 1 }
            }
            let all = named.values.reduce((0, 0)) { ($0.0 + $1.all, $0.1 + $1.right) }
            let overall = all.0 == 0 || Double(all.1) >= precision * Double(all.0)
            let everyGroup = named.values.allSatisfy { $0.all < minimumNamed || Double($0.right) >= precision * Double($0.all) }
            if overall && everyGroup { return t }
        }
        return 0.99
    }
}
