import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight incidents`: every incident with its headline numbers.
    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List incidents with impact start, detection lag, time to mitigate, duration (to resolution), crashes and trigger.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Flag(help: "Print JSON (an array of 'analyze --json' objects).")
        var json = false

        @Flag(help: "Print only the incident ids, one a line (for scripts).")
        var ids = false

        @Flag(help: "Also list the guard's suspected incidents that a declared incident absorbed or the team dismissed as false alarms.")
        var all = false

        func run() async throws {
            let eventStore = try store.open()
            if ids {
                for id in try runtime({ try eventStore.incidentIDs(all: all) }) { print(id) }
                return
            }
            let analyses = try runtime {
                try eventStore.incidentIDs(all: all).map { id in
                    try eventStore.analysis(incident: id, options: analysis.options)
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
            var table = TextTable(["INCIDENT", "SEVERITY", "IMPACT START", "DETECTED AFTER", "MITIGATED AFTER", "DURATION", "CRASHES", "TRIGGER", "TITLE"])
            for a in analyses {
                var detected = a.detectionLag.map { "\($0)" } ?? "-"
                if a.detectedExternallyFirst == true { detected += " (customers first)" }
                let crashes =
                    a.blastRadius.crashes == 0
                    ? "-"
                    : "\(Formatting.thousands(a.blastRadius.crashes)) on "
                        + "\(Formatting.thousands(a.blastRadius.hosts)) host\(a.blastRadius.hosts == 1 ? "" : "s")"
                let trigger = (a.trigger?.change.id).map { a.confirmation == nil ? $0 : $0 + " (confirmed)" } ?? "none"
                table.add([
                    a.incident, a.severity ?? "-", a.impactStart?.rfc3339 ?? "-", detected,
                    a.timeToMitigate.map { "\($0)" } ?? "-", a.timeToResolve.map { "\($0)" } ?? "-", crashes, trigger, a.title ?? "",
                ])
            }
            print(table.render())
        }
    }
}
