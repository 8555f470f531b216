import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightStore

/// The `guard` section: generated rollouts with known answers, each replayed minute by minute through the guard's
/// verdict (on the in-memory source, whose answers the store's equal), and the CrowdStrike sample replayed on a store.
struct GuardBench {
    var perFamily: Int
    var seed: UInt64
    var corpus: String

    /// One scenario's replay: the first failing verdict's time, and the last verdict.
    struct Outcome {
        var scenario: RolloutScenario
        var failingAt: Timestamp?
        var last: GuardVerdict.Outcome

        /// Failing before the step after the one that went bad (any time, when there is none).
        var flaggedBeforeNextStep: Bool { failingAt.map { t in scenario.nextStep.map { t < $0 } ?? true } ?? false }
    }

    func run() throws -> [String] {
        let generator = RolloutGenerator(seed: seed)
        let guardian = ChangeGuard()
        var out = ["guard: \(perFamily) generated rollouts per family, each replayed minute by minute from its first step (seed \(seed))"]
        var table = [["family", "rollouts", "failing", "before next step", "onset → failing median / p90", "ever failing", "inconclusive at the end"]]
        var badCanaries: [Outcome] = []
        var delays: [TimeSpan] = []
        var healthy: [Outcome] = []
        var inconclusive: [String: Double] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        var verdicts = 0
        for family in RolloutScenario.Family.allCases {
            var outcomes: [Outcome] = []
            for s in generator.scenarios(family, count: perFamily) {
                let source = MemoryAnalysisSource(events: s.events)
                // A bad change's replay may stop at its first failing verdict; a healthy one runs the whole window.
                let r = try guardian.replay(change: s.change, from: s.from + .minutes(1), until: s.until, source: source)
                verdicts += r.verdicts.count
                outcomes.append(Outcome(scenario: s, failingAt: r.failing?.evaluatedAt, last: r.verdicts.last?.outcome ?? .inconclusive))
            }
            let failing = outcomes.filter { $0.failingAt != nil }
            let familyDelays = failing.compactMap { o in o.scenario.onset.map { o.failingAt! - $0 } }
            let beforeNext = failing.filter(\.flaggedBeforeNextStep)
            let stillInconclusive = outcomes.filter { $0.failingAt == nil && $0.last == .inconclusive }
            inconclusive[family.rawValue] = Double(stillInconclusive.count) / Double(max(outcomes.count, 1))
            if family == .badCanary { badCanaries = outcomes }
            if family.bad { delays += familyDelays } else { healthy += outcomes }
            table.append([
                family.rawValue, "\(outcomes.count)", share(failing.count, outcomes.count),
                family == .badCanary ? share(beforeNext.count, outcomes.count) : "",
                family.bad ? "\(minutes(Percentile.of(familyDelays, 50))) / \(minutes(Percentile.of(familyDelays, 90)))" : "",
                family.bad ? "" : share(failing.count, outcomes.count), share(stillInconclusive.count, outcomes.count),
            ])
        }
        out += Self.render(table)
        let flaggedAtStep = badCanaries.filter(\.flaggedBeforeNextStep)
        let falseAlarms = healthy.filter { $0.failingAt != nil }
        out.append("")
        out.append("bad canaries flagged failing before their next step: \(share(flaggedAtStep.count, badCanaries.count)) (target ≥ 95%)")
        out.append("  by the failures on the hosts the canary reached, from its onset until its next step (what any test has to go on):")
        for (label, range) in [("0–2", 0..<3), ("3–9", 3..<10), ("10–29", 10..<30), ("30 or more", 30..<Int.max)] {
            let bin = badCanaries.filter { range.contains($0.scenario.reachedFailures) }
            let bySignals = RolloutScenario.Signals.allCases.map { kind in
                let part = bin.filter { $0.scenario.signals == kind }
                return "signals naming the \(kind.rawValue) \(share(part.filter(\.flaggedBeforeNextStep).count, part.count))"
            }
            out.append(
                "    \(label): \(share(bin.count, badCanaries.count)) of bad canaries, \(share(bin.filter(\.flaggedBeforeNextStep).count, bin.count)) "
                    + "of them flagged before the next step (\(bySignals.joined(separator: ", ")))")
        }
        out.append(
            "onset to failing, bad changes: median \(minutes(Percentile.of(delays, 50))), p90 \(minutes(Percentile.of(delays, 90))) (target: median ≤ 10 min)")
        out.append("healthy changes ever flagged failing (false alarms): \(share(falseAlarms.count, healthy.count)) (target ≤ 1%)")
        out.append(
            "left inconclusive at the end of the window: "
                + RolloutScenario.Family.allCases.map { "\($0.rawValue) \(Self.percent(inconclusive[$0.rawValue] ?? 0))" }.joined(separator: ", "))
        out.append("\(verdicts) verdicts in \(clock.now - started)")
        out.append(try crowdStrike())
        return out
    }

    /// The CrowdStrike sample on a store: the minute Channel File 291 turns failing, against the first customer report.
    func crowdStrike() throws -> String {
        let store = try EventStore.inMemory()
        _ = try store.ingest(try ByteInput(path: "\(corpus)/crowdstrike-2024-07-19/events.jsonl"))
        let change = try store.guardedChange("cs-channel-file-291")
        let report = try Timestamp.parse("2024-07-19T04:20:00Z").get()
        let r = try store.guardReplay(change: change, from: change.time + .minutes(1), until: change.time + .hours(1))
        guard let failing = r.failing else {
            return "CrowdStrike sample: cs-channel-file-291 never turns failing in the hour after 04:09 (last: \(r.verdicts.last?.summary ?? "none")); "
                + "it must before 04:20"
        }
        let lead = report - failing.evaluatedAt
        return "CrowdStrike sample: cs-channel-file-291 turns failing at \(failing.evaluatedAt.rfc3339), "
            + (lead.milliseconds > 0 ? "\(lead) before" : "\(failing.evaluatedAt - report) after")
            + " the first customer report at 04:20 (must be before)"
    }

    func share(_ n: Int, _ of: Int) -> String { of == 0 ? "–" : "\(Self.percent(Double(n) / Double(of))) (\(n))" }
    func minutes(_ span: TimeSpan?) -> String { span.map { "\(Formatting.decimal((Double($0.milliseconds) / 6_000).rounded() / 10)) min" } ?? "–" }
    static func percent(_ x: Double) -> String { "\(Formatting.decimal((x * 1000).rounded() / 10))%" }

    /// Columns padded to their widest cell.
    static func render(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in row.enumerated().map { $1.padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined() }
    }
}
