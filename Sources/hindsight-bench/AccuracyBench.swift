import Foundation
import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightStore

/// Measures the correlator on adversarial generated families and on the public corpus (sample-incidents),
/// beside two baselines: "latest change on the incident's services" and "latest change within 1 h, else abstain".
struct AccuracyBench {
    /// Answers of one predictor on a set of incidents.
    struct Tally {
        var incidents = 0
        var withTrigger = 0
        var named = 0
        var namedCorrect = 0
        var abstainedCorrect = 0

        mutating func add(truth: String?, predicted: String?) {
            incidents += 1
            if predicted != nil { named += 1 }
            if let truth {
                withTrigger += 1
                if predicted == truth { namedCorrect += 1 }
            } else if predicted == nil {
                abstainedCorrect += 1
            }
        }

        /// Top-1 precision: named triggers that are right (a name given where there is none counts against it).
        var precision: Double? { named == 0 ? nil : Double(namedCorrect) / Double(named) }
        /// Recall: incidents with a trigger whose trigger was named.
        var recall: Double? { withTrigger == 0 ? nil : Double(namedCorrect) / Double(withTrigger) }
        /// Correct abstention: incidents without a trigger where no change was named.
        var abstention: Double? { incidents == withTrigger ? nil : Double(abstainedCorrect) / Double(incidents - withTrigger) }
        /// Right answers (trigger named, or correct abstention) over all incidents.
        var accuracy: Double { incidents == 0 ? 0 : Double(namedCorrect + abstainedCorrect) / Double(incidents) }
    }

    /// The three predictors side by side for one family (or the corpus).
    struct Row {
        var name: String
        var hindsight = Tally()
        var latestOnService = Tally()
        var latestWithinHour = Tally()
        var errors = 0
        var firstError: String?
        var misses: [String] = []
        /// How many misses to list (all of the corpus's, the first few of a family's).
        var missLimit = 3

        /// Points of accuracy above the abstaining baseline.
        var gain: Double { (hindsight.accuracy - latestWithinHour.accuracy) * 100 }
    }

    /// What the bench needs from one analysis.
    struct Answer {
        var trigger: String?
        var impactStart: Timestamp?
        var services: [String]
    }

    var count: Int
    var seed: UInt64
    var corpus: String

    static let precisionTarget = 0.9
    static let abstentionTarget = 0.9
    static let gainTarget = 30.0

    /// Runs every family and the corpus; returns the printed report and whether every target is met.
    func run() throws -> (String, Bool) {
        let families = AccuracyScenarioFamily.allCases
        let perFamily = max(1, count / families.count)
        let generator = AccuracyScenarioGenerator(seed: seed)
        var rows: [Row] = []
        for family in families {
            var row = Row(name: family.rawValue)
            for s in generator.scenarios(of: family, count: perFamily) {
                do {
                    let store = try EventStore.inMemory()
                    try store.insert(s.events)
                    try store.importCatalog(
                        s.dependencies.sorted { $0.key < $1.key }.map {
                            CatalogEntity(kind: "Component", name: $0.key, dependsOn: $0.value, file: "generated", line: 1)
                        })
                    try score(&row, store: store, incident: s.incident, truth: s.trigger)
                } catch {
                    row.errors += 1
                    row.firstError = row.firstError ?? "\(s.incident): \(error)"
                    for t in [\Row.hindsight, \Row.latestOnService, \Row.latestWithinHour] { row[keyPath: t].add(truth: s.trigger, predicted: "error") }
                }
            }
            rows.append(row)
        }
        let corpusRow = try scoreCorpus()
        return render(rows, corpus: corpusRow, perFamily: perFamily)
    }

    /// Scores one incident of a store: the correlator and both baselines (which look at production changes only).
    func score(_ row: inout Row, store: EventStore, incident: String, truth: String?) throws {
        let answer = try analyze(store, incident: incident)
        row.hindsight.add(truth: truth, predicted: answer.trigger)
        var onService: Event?
        if let impact = answer.impactStart {
            onService = try store.changes(before: impact, window: .days(7), services: answer.services.filter { $0 != Event.globalService })
                .first { $0.kind != .rollback && $0.environment == Event.defaultEnvironment }
        }
        row.latestOnService.add(truth: truth, predicted: onService?.id)
        let withinHour = onService.flatMap { c in answer.impactStart.flatMap { $0 - c.time <= .hours(1) ? c.id : nil } }
        row.latestWithinHour.add(truth: truth, predicted: withinHour)
        if answer.trigger != truth && row.misses.count < row.missLimit {
            row.misses.append("\(incident): expected \(truth ?? "none"), got \(answer.trigger ?? "none")")
        }
    }

    /// The correlator's answer for one incident.
    func analyze(_ store: EventStore, incident: String) throws -> Answer {
        let a = Analyzer().analyze(try store.analysisInput(incident: incident))
        return Answer(trigger: a.trigger?.change.id, impactStart: a.impactStart, services: a.services)
    }

    /// Every folder of the corpus with an expected.json: its events ingested into a fresh store (with its
    /// catalog-info.yaml when it ships one), each expected incident scored.
    func scoreCorpus() throws -> Row? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: corpus) else { return nil }
        var row = Row(name: "public corpus", missLimit: .max)
        for name in names.sorted() {
            let folder = "\(corpus)/\(name)"
            guard fm.fileExists(atPath: "\(folder)/expected.json"), fm.fileExists(atPath: "\(folder)/events.jsonl") else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/expected.json"))
            let value = try JSONSerialization.jsonObject(with: data)
            let expected = (value as? [[String: Any]]) ?? [(value as? [String: Any]) ?? [:]]
            let store = try EventStore.inMemory()
            _ = try store.ingest(try ByteInput(path: "\(folder)/events.jsonl"))
            if fm.fileExists(atPath: "\(folder)/catalog-info.yaml") {
                try store.importCatalog(try CatalogDecoder.decode(path: "\(folder)/catalog-info.yaml"))
            }
            for e in expected {
                guard let incident = e["incident"] as? String else { continue }
                try score(&row, store: store, incident: incident, truth: e["trigger"] as? String)
            }
        }
        return row.hindsight.incidents == 0 ? nil : row
    }

    func render(_ rows: [Row], corpus: Row?, perFamily: Int) -> (String, Bool) {
        func pct(_ v: Double?) -> String { v.map { String(format: "%5.1f%%", $0 * 100) } ?? "   n/a" }
        func cells(_ t: Tally) -> String { "\(pct(t.precision)) \(pct(t.recall)) \(pct(t.abstention))" }
        var lines = ["Correlator accuracy: \(perFamily) generated incidents per family (seed \(seed)), and the public corpus (\(self.corpus)/)", ""]
        lines.append("precision = named triggers that are right; recall = incidents with a trigger named right; abstention = no-trigger incidents left unnamed")
        lines.append("baselines: latest = latest production change on the incident's services (or global) before impact start;")
        lines.append("           latest<=1h = the same if within 1 h of impact start, else abstain")
        lines.append("")
        let header =
            "family                     n |  hindsight: prec recall  abst |     latest: prec recall  abst |"
            + "  latest<=1h: prec recall  abst | gain  target"
        lines.append(header)
        var pass = true
        var weakest: Row?
        for row in rows + (corpus.map { [$0] } ?? []) {
            // A family with triggers where nothing was named has no precision to show: that falls short too.
            let precisionOK =
                row.hindsight.withTrigger == 0
                ? (row.hindsight.precision ?? 1) >= Self.precisionTarget
                : (row.hindsight.precision ?? 0) >= Self.precisionTarget
            let abstentionOK = (row.hindsight.abstention ?? 1) >= Self.abstentionTarget
            let ok = precisionOK && abstentionOK && row.errors == 0
            pass = pass && ok
            if weakest == nil || row.hindsight.accuracy < weakest!.hindsight.accuracy { weakest = row }
            if row.name == "public corpus" { lines.append(String(repeating: "-", count: header.count)) }
            lines.append(
                row.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%5d", row.hindsight.incidents)
                    + " |     \(cells(row.hindsight)) |     \(cells(row.latestOnService)) |       \(cells(row.latestWithinHour)) | "
                    + String(format: "%+5.0f", row.gain) + "  " + (ok ? "PASS" : "SHORT"))
        }
        if corpus == nil { lines.append("public corpus: no folder with events.jsonl and expected.json under \(self.corpus)/") }
        if let weakest {
            let ok = weakest.gain >= Self.gainTarget
            pass = pass && ok
            lines.append("")
            lines.append(
                String(
                    format: "weakest (%@): accuracy %.1f%%, %+.1f points above the abstaining baseline (target >= %.0f)  %@",
                    weakest.name, weakest.hindsight.accuracy * 100, weakest.gain, Self.gainTarget, ok ? "PASS" : "SHORT"))
        }
        lines.append(
            String(
                format: "targets per family and on the corpus: precision >= %.0f%%, abstention >= %.0f%%",
                Self.precisionTarget * 100, Self.abstentionTarget * 100))
        for row in rows + (corpus.map { [$0] } ?? []) where row.errors > 0 {
            lines.append("\(row.name): \(row.errors) incidents could not be stored or analyzed; first: \(row.firstError ?? "")")
        }
        let misses = (rows + (corpus.map { [$0] } ?? [])).filter { !$0.misses.isEmpty }
        if !misses.isEmpty {
            lines.append("")
            lines.append("first misses:")
            for row in misses { lines += row.misses.map { "  \(row.name): \($0)" } }
        }
        return (lines.joined(separator: "\n"), pass)
    }
}
