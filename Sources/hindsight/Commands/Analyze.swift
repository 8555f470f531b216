import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight analyze`: metrics, ranked trigger candidates with reasons, and findings.
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain one incident: impact, detection, trigger candidates with evidence, findings.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
        var incident: String

        @Flag(help: "Print the JSON contract of DESIGN.md.")
        var json = false

        func run() async throws {
            let eventStore = try store.open()
            let a = try runtime {
                try eventStore.analysis(incident: incident, options: analysis.options)
            }
            print(json ? a.json : AnalysisText.render(a))
        }
    }
}
