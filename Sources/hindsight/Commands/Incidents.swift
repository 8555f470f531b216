import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight incidents`: every incident with its headline numbers.
    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List incidents with impact start, detection lag, duration and trigger.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Flag(help: "Print JSON (an array of 'analyze --json' objects).")
        var json = false

        func run() async throws {
            let eventStore = try store.open()
            let analyses = try runtime {
                try eventStore.incidentIDs().map { id in
                    Analyzer(options: analysis.options).analyze(try eventStore.analysisInput(incident: id, options: analysis.options))
                }
            }
            if json {
                print(JSONWriter.array(analyses.map(\.json)))
                return
            }
            guard !analyses.isEmpty else {
                print("No incidents. Ingest 'incident' events (status declared/mitigated/resolved) to create them.")
                return
            }
            var table = TextTable(["INCIDENT", "SEVERITY", "STATUS", "IMPACT START", "DETECTION LAG", "DURATION", "TRIGGER", "TITLE"])
            for a in analyses {
                let end = a.resolvedAt ?? a.mitigatedAt
                let duration = zip2(a.impactStart, end).map { "\($1 - $0)" } ?? "-"
                table.add([a.incident, a.severity ?? "-", a.status ?? "-", a.impactStart?.rfc3339 ?? "-",
                           a.detectionLag.map { "\($0)" } ?? "-", duration, a.trigger?.change.id ?? "none", a.title ?? ""])
            }
            print(table.render())
        }
    }
}

func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
