import Foundation
import Hindsight
import HindsightSimulation
import HindsightStore

/// `hindsight-bench --fit`: fits the correlator's parameter table from labeled incidents and writes it.
///
/// The shipped table (`make fit`) learns from the generated families (their own seed, never the accuracy
/// bench's) and the corpus folders split.txt marks `train`; the same data and seed give the same bytes.
/// With `--verdicts DB` it learns from a store's incidents whose trigger the team confirmed instead, pulled
/// toward the shipped table, and writes a table `analyze --parameters` reads.
struct FitRun {
    /// The generated data the shipped table is fitted on: its own seed, so the bench's scenarios stay unseen.
    static let seed: UInt64 = 20_250_101
    static let perFamily = 120
    /// A corpus incident counts as this many generated ones: real post-mortems are what the correlator is for.
    static let corpusWeight = 20.0
    /// The precision every group's named triggers must reach at the chosen threshold.
    static let precision = 0.9
    static let margin = 0.1
    static let penalty = 1.0
    static let shippedPath = "Sources/Hindsight/Analysis/Evidence/ShippedParameters.swift"

    var corpus: String
    var output: String?
    var verdicts: String?

    /// The incidents the shipped table is fitted on, leaving out `excluding` (a family, for leave-one-family-out).
    static func publicData(corpus: String, excluding: AccuracyScenarioFamily? = nil) throws -> [FitIncident] {
        let families = AccuracyScenarioFamily.allCases.filter { $0 != excluding }
        let generated = try LabeledIncident.generated(seed: seed, perFamily: perFamily, families: families).compactMap { $0.fitIncident() }
        let split = try CorpusSplit.read(corpus: corpus)
        let train = try LabeledIncident.corpus(corpus, split: split, parts: [.train]).compactMap { $0.fitIncident(weight: corpusWeight) }
        return generated + train
    }

    /// Fits `data` and picks the threshold on it.
    static func fit(_ data: [FitIncident], prior: CorrelatorParameters? = nil, penalty: Double = penalty, notes: [String]) -> CorrelatorParameters {
        var fitted = ParameterFit(prior: prior, penalty: penalty).fit(data, decision: (0.5, margin), notes: notes)
        fitted.threshold = ParameterFit.threshold(for: data, parameters: fitted, precision: precision)
        return fitted
    }

    func run() throws -> [String] {
        if let verdicts { return try fitVerdicts(verdicts) }
        let data = try Self.publicData(corpus: corpus)
        let groups = Dictionary(grouping: data, by: \.group)
        let generated = data.filter { $0.weight == 1 }.count
        let notes = [
            "Hindsight correlator parameters (docs/correlator.md). Written by `make fit` (hindsight-bench --fit); do not edit.",
            "Each weight is the log-likelihood ratio one unit of its feature adds to a change's score; no change scores",
            "none.base-rate. The posterior over all hypotheses decides; a change is named when its posterior reaches",
            "decision.threshold and leads the runner-up by decision.margin.",
            "",
            "Fitted on \(generated) generated incidents (\(Self.perFamily) per family, seed \(Self.seed)) and "
                + "\(data.count - generated) incidents of the corpus's train folders (split.txt), each counting \(Formatting.decimal(Self.corpusWeight)) times;",
            "ridge penalty \(Formatting.decimal(Self.penalty)); threshold: the least at which every group's named triggers are right "
                + "\(Int(Self.precision * 100))% of the time on that data.",
        ]
        let fitted = Self.fit(data, notes: notes)
        let path = output ?? Self.shippedPath
        try write(fitted, to: path)
        var lines = ["fitted \(data.count) incidents (\(groups.count) groups) into \(path); threshold \(Formatting.decimal(fitted.threshold))"]
        lines += Self.summary(data, fitted)
        return lines
    }

    /// A team's table: the store's incidents whose trigger the team confirmed, pulled toward the shipped table.
    func fitVerdicts(_ location: String) throws -> [String] {
        guard let output, output != Self.shippedPath else {
            throw BenchOptions.UsageError(
                description: "--fit --verdicts needs --output FILE for the team's table (the shipped one comes from public data only)")
        }
        let store = try EventStore.open(location: location)
        var data: [FitIncident] = []
        var skipped: [String] = []
        for id in try store.decidedIncidents() {
            let verdicts = try store.verdicts(incident: id)
            guard let confirmed = verdicts.confirmed?.change else { continue }
            let labeled = try LabeledIncident.labeled(store, group: "team", incident: id, truth: confirmed)
            if let f = labeled.fitIncident() { data.append(f) } else { skipped.append(id) }
        }
        guard !data.isEmpty else {
            throw BenchOptions.UsageError(
                description: "no incident in \(location) has a confirmed trigger among its candidates; confirm some with 'hindsight trigger confirm'")
        }
        let notes = [
            "Hindsight correlator parameters fitted on a team's confirmed triggers (hindsight-bench --fit --verdicts).",
            "\(data.count) incidents with a confirmed trigger; pulled toward the shipped table with ridge penalty \(Formatting.decimal(Self.penalty * 5)).",
        ]
        let fitted = Self.fit(data, prior: .shipped, penalty: Self.penalty * 5, notes: notes)
        try write(fitted, to: output)
        var lines = ["fitted \(data.count) confirmed incidents into \(output); threshold \(Formatting.decimal(fitted.threshold))"]
        if !skipped.isEmpty { lines.append("left out (confirmed change not among the candidates): \(skipped.joined(separator: ", "))") }
        return lines + Self.summary(data, fitted)
    }

    /// The table as a Swift source when `path` ends in `.swift` (the shipped one), else as plain text.
    func write(_ parameters: CorrelatorParameters, to path: String) throws {
        var text = parameters.table
        if path.hasSuffix(".swift") {
            let body = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : "        \($0)" }
            text =
                "// Written by `make fit` (`hindsight-bench --fit`); do not edit by hand: fit again.\n"
                + "extension CorrelatorParameters {\n    /// The parameter table that ships with Hindsight.\n    static let shippedTable = \"\"\"\n"
                + body.joined(separator: "\n") + "\n        \"\"\"\n}\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Per group on the fitted data: incidents, named, right, and the weights.
    static func summary(_ data: [FitIncident], _ p: CorrelatorParameters) -> [String] {
        var lines: [String] = []
        for (group, items) in Dictionary(grouping: data, by: \.group).sorted(by: { $0.key < $1.key }) {
            let judged = items.map { $0.judged(p) }
            let named = judged.filter { $0.named != nil }
            let right = named.filter { $0.named == $0.truth }.count
            lines.append(
                "  \(group.padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%4d", items.count)) incidents, "
                    + "\(String(format: "%4d", named.count)) named, \(String(format: "%4d", right)) right, "
                    + "\(judged.filter(\.right).count) answers right")
        }
        return lines
    }
}
