import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight whatif`: how far the incident would have spread had its trigger been rolled out in stages.
    struct WhatIf: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatif",
            abstract: "Estimate how many hosts a staged rollout of the trigger would have exposed before it was halted.",
            discussion: """
                The plan lists stages as SHARE%:DURATION (the share of the fleet and how long it is held \
                before the next stage), the last one without a duration: 1%:30m,10%:1h,100%. \
                The simulated rollout halts at the measured detection lag after the first impact, plus the \
                time the team took to roll back. See docs/whatif.md for the model and its assumptions.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
        var incident: String

        @Option(help: ArgumentHelp("The staged rollout to simulate.", valueName: "stages"))
        var plan: String = RolloutPlan.default.description

        @Option(
            help: ArgumentHelp(
                "Use this detection lag instead of the measured one: a duration, or 'guard' for the guard's time to verdict on the trigger "
                    + "(its own flag, else replayed minute by minute).", valueName: "duration|guard"))
        var detectionLag: String?

        @Option(help: ArgumentHelp("Use this time from detection to rollback instead of the measured one.", valueName: "duration"))
        var rollbackDelay: TimeSpan?

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            _ = try parsedPlan()
            if let lag = detectionLag, lag != "guard", TimeSpan.parse(lag) == nil {
                throw ValidationError("--detection-lag '\(lag)' is neither a duration (20m, 1h) nor 'guard'")
            }
        }

        func parsedPlan() throws -> RolloutPlan {
            do {
                return try RolloutPlan.parse(plan)
            } catch {
                throw ValidationError("--plan: \(error)")
            }
        }

        func run() async throws {
            var model = WhatIfModel(plan: try parsedPlan(), detectionLag: detectionLag.flatMap(TimeSpan.parse), rollbackDelay: rollbackDelay)
            let eventStore = try store.open()
            let result = try runtime {
                let a = try eventStore.analysis(incident: incident, options: analysis.options)
                if detectionLag == "guard" {
                    var options = GuardOptions()
                    options.analysis = analysis.options
                    let (lag, source) = try eventStore.guardTimeToVerdict(a, options: options)
                    guard let lag else { throw ValidationError("--detection-lag guard: \(source); give a duration instead") }
                    model.detectionLag = lag
                    model.detectionLagSource = source
                }
                return try model.simulate(a)
            }
            print(json ? result.json : Self.render(result))
        }

        static func render(_ r: WhatIfResult) -> String {
            func hosts(_ n: Int?) -> String { n.map(Formatting.thousands) ?? "unknown" }
            func time(_ t: Timestamp?) -> String { t?.rfc3339 ?? "unknown" }
            func span(_ s: TimeSpan?) -> String { s.map { "\($0)" } ?? "unknown" }
            let (act, sim) = (r.actual, r.simulated)
            var out = ["\(r.incident): what if \(r.trigger) had been rolled out as \(r.plan)", ""]
            var table = TextTable(["", "ACTUAL", "SIMULATED"])
            table.add([
                "exposed by the halt", WhatIfWording.percent(act.exposedPercent),
                WhatIfWording.percent(sim.exposedPercent) + " (stage \(sim.stage ?? 1) of \(r.plan.stages.count))",
            ])
            table.add(["hosts exposed", hosts(act.hostsExposed), hosts(sim.hostsExposed)])
            table.add(["hosts affected", hosts(act.hostsAffected), hosts(sim.hostsAffected)])
            table.add(["impact start", time(act.impactStart), time(sim.impactStart)])
            table.add(["detected at", time(act.detectedAt), time(sim.detectedAt)])
            table.add(["halted at", time(act.haltedAt), time(sim.haltedAt)])
            table.add(["impact duration", span(act.duration), span(sim.duration)])
            table.add(["reduction", "", WhatIfWording.factor(r.reductionFactor) + "x"])
            out.append(table.render())
            out.append("")
            out.append(r.sentence)
            out.append("")
            out.append("Assumptions:")
            out += r.assumptions.map { "  - " + TextTable.oneLine($0) }
            return out.joined(separator: "\n")
        }
    }
}
