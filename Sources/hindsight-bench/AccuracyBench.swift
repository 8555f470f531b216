import Hindsight
import HindsightSimulation
import HindsightStore

/// Measures the correlator on generated scenarios with known triggers, beside the baseline
/// "latest change before impact on the same service".
struct AccuracyBench {
    struct Tally {
        var scenarios = 0
        var withTrigger = 0
        var correct = 0
        var named = 0
        var namedCorrect = 0
        var abstainCorrect = 0
        var baselineCorrect = 0
        var baselineNamed = 0
        var baselineNamedCorrect = 0
        var baselineAbstainCorrect = 0

        mutating func add(truth: String?, predicted: String?, baseline: String?) {
            scenarios += 1
            if truth != nil { withTrigger += 1 }
            if predicted != nil { named += 1 }
            if baseline != nil { baselineNamed += 1 }
            if let truth {
                if predicted == truth { correct += 1; namedCorrect += 1 }
                if baseline == truth { baselineCorrect += 1; baselineNamedCorrect += 1 }
            } else {
                if predicted == nil { abstainCorrect += 1 }
                if baseline == nil { baselineAbstainCorrect += 1 }
            }
        }
    }

    var count: Int
    var seed: UInt64

    /// Runs every scenario and returns the printed report and whether the targets are met.
    func run() throws -> (String, Bool) {
        var overall = Tally()
        var byCategory: [AccuracyScenario.Category: Tally] = [:]
        var misses: [String] = []
        for s in AccuracyScenarioGenerator(seed: seed).scenarios(count: count) {
            let store = try EventStore.inMemory()
            try store.insert(s.events)
            let input = try store.analysisInput(incident: s.incident)
            let predicted = Analyzer().analyze(input).trigger?.change.id
            var baseline: String?
            if let impact = input.impactStart {
                baseline = try store.changes(before: impact, window: .days(7), services: input.services.filter { $0 != Event.globalService })
                    .first { $0.kind != .rollback }?.id
            }
            overall.add(truth: s.trigger, predicted: predicted, baseline: baseline)
            byCategory[s.category, default: Tally()].add(truth: s.trigger, predicted: predicted, baseline: baseline)
            if predicted != s.trigger && misses.count < 5 {
                misses.append("  \(s.incident) (\(s.category.rawValue)): expected \(s.trigger ?? "none"), got \(predicted ?? "none")")
            }
        }
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "  n/a" : String(format: "%5.1f%%", 100 * Double(a) / Double(b)) }
        var lines = ["Correlator accuracy on \(count) generated scenarios (seed \(seed))", ""]
        lines.append("category                   n   hindsight  baseline")
        for c in AccuracyScenario.Category.allCases {
            guard let t = byCategory[c] else { continue }
            let ours = c == .noTrigger ? pct(t.abstainCorrect, t.scenarios) : pct(t.correct, t.withTrigger)
            let base = c == .noTrigger ? pct(t.baselineAbstainCorrect, t.scenarios) : pct(t.baselineCorrect, t.withTrigger)
            lines.append(c.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%4d", t.scenarios) + "   " + ours + "     " + base)
        }
        let noTrigger = overall.scenarios - overall.withTrigger
        let precision = Double(overall.namedCorrect) / Double(max(overall.named, 1))
        let recall = Double(overall.correct) / Double(max(overall.withTrigger, 1))
        let abstention = Double(overall.abstainCorrect) / Double(max(noTrigger, 1))
        let distractor = byCategory[.closerHarmlessChange] ?? Tally()
        let distractorGain = (Double(distractor.correct) - Double(distractor.baselineCorrect)) / Double(max(distractor.withTrigger, 1))
        let basePrecision = Double(overall.baselineNamedCorrect) / Double(max(overall.baselineNamed, 1))
        lines.append("")
        lines.append("                              hindsight  baseline  target")
        lines.append("top-1 precision (named)          \(pct(overall.namedCorrect, overall.named))    \(pct(overall.baselineNamedCorrect, overall.baselineNamed))  >= 95%  \(precision >= 0.95 ? "PASS" : "SHORT")")
        lines.append("recall (trigger exists)          \(pct(overall.correct, overall.withTrigger))    \(pct(overall.baselineCorrect, overall.withTrigger))")
        lines.append("correct abstention (no trigger)  \(pct(overall.abstainCorrect, noTrigger))    \(pct(overall.baselineAbstainCorrect, noTrigger))  >= 90%  \(abstention >= 0.9 ? "PASS" : "SHORT")")
        lines.append(String(format: "distractor gain over baseline     %+5.1f points          >= 30    %@", distractorGain * 100, distractorGain >= 0.3 ? "PASS" : "SHORT"))
        _ = basePrecision
        _ = recall
        if !misses.isEmpty { lines.append(""); lines.append("first misses:"); lines += misses }
        return (lines.joined(separator: "\n"), precision >= 0.95 && abstention >= 0.9 && distractorGain >= 0.3)
    }
}
