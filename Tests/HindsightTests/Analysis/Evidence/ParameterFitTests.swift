import Testing

@testable import Hindsight

/// The fit: deterministic, it learns what labeled data says, and keeps each weight on its allowed side.
@Suite("Parameter fit")
struct ParameterFitTests {
    static let features = EvidenceRules.features
    static func index(_ name: String) -> Int { features.firstIndex { $0.name == name }! }

    /// Incidents where the trigger's version contrast is high and a bystander's is not, and incidents with no
    /// trigger whose candidates have only timing; a pseudo-random mix from a fixed linear generator.
    static func data(_ n: Int) -> [FitIncident] {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let lift = index("version-contrast.llr")
        let timing = index("timing.closeness")
        let absent = index("version-contrast.absent")
        let onset = index("onset.rise")
        return (0..<n).map { i in
            var candidates: [[Double]] = []
            let hasTrigger = i % 4 != 0
            let truth = hasTrigger ? Int(next() * 3) : nil
            for c in 0..<3 {
                var x = Array(repeating: 0.0, count: features.count)
                x[timing] = 3 + 4 * next()
                x[onset] = 2 * next()
                if c == truth {
                    x[lift] = 1 + 2 * next()
                } else if next() < 0.3 {
                    x[absent] = 1
                } else if next() < 0.1 {
                    x[lift] = next()
                }
                candidates.append(x)
            }
            return FitIncident(group: i % 2 == 0 ? "a" : "b", name: "i\(i)", candidates: candidates, truth: truth)
        }
    }

    @Test func sameDataSameTableToTheByte() throws {
        let data = Self.data(120)
        let a = ParameterFit().fit(data, decision: (0.6, 0.1), notes: ["test"])
        let b = ParameterFit().fit(data, decision: (0.6, 0.1), notes: ["test"])
        #expect(a.table == b.table)
        #expect(a == b)
        // The table reads back as itself (its weights rounded as written).
        #expect(try CorrelatorParameters.parse(a.table, file: "fit").table == a.table)
    }

    @Test func itLearnsWhatTheDataSays() {
        let p = ParameterFit().fit(Self.data(200), decision: (0.6, 0.1))
        #expect(p.weight("version-contrast.llr") > 1)
        #expect(p.weight("version-contrast.absent") < 0)
        // A quarter of the incidents have no trigger, and candidates with timing alone are most of the rest's bystanders.
        #expect(p.noChange > 0)
        // Features the data never sets stay at the prior (0).
        #expect(p.weight("fix-forward.fell") == 0)
        let judged = Self.data(200).map { $0.judged(p) }
        let right = judged.filter(\.right).count
        #expect(right > 150)
    }

    @Test func weightsStayOnTheirSide() {
        // Data where the absent feature marks the trigger: it is evidence against by definition, so it stays at 0.
        var data = Self.data(100)
        for i in data.indices {
            guard let t = data[i].truth else { continue }
            data[i].candidates[t][Self.index("version-contrast.absent")] = 1
        }
        let p = ParameterFit().fit(data, decision: (0.6, 0.1))
        #expect(p.weight("version-contrast.absent") == 0)
    }

    @Test func aTeamFitIsPulledTowardThePrior() {
        let prior = CorrelatorParameters.shipped
        let few = Array(Self.data(8))
        let p = ParameterFit(prior: prior, penalty: 50).fit(few, decision: (prior.threshold, prior.margin))
        for f in Self.features {
            #expect(abs(p.weight(f.name) - prior.weight(f.name)) < 1, "\(f.name)")
        }
    }

    @Test func theThresholdIsTheLeastThatKeepsEveryGroupPrecise() {
        let data = Self.data(200)
        let p = ParameterFit().fit(data, decision: (0.5, 0.1))
        let t = ParameterFit.threshold(for: data, parameters: p, precision: 0.9)
        for group in ["a", "b"] {
            let named = data.filter { $0.group == group }.map { $0.judged(p, threshold: t) }.filter { $0.named != nil }
            #expect(named.isEmpty || Double(named.filter(\.right).count) >= 0.9 * Double(named.count))
        }
        if t > 0.3 {
            let lower = t - 0.01
            let groups = Dictionary(grouping: data, by: \.group).mapValues { $0.map { $0.judged(p, threshold: lower) }.filter { $0.named != nil } }
            #expect(groups.values.contains { !$0.isEmpty && Double($0.filter(\.right).count) < 0.9 * Double($0.count) })
        }
    }
}
