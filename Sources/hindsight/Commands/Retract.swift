import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight retract`: withdraws a note or a verdict made by mistake, keeping it in the history.
    struct Retract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a note or a trigger verdict made by mistake.",
            discussion: """
                A new 'note' event names the one withdrawn ('retracts'); the withdrawn note stays stored and exported, but leaves \
                the post-mortem, and a withdrawn verdict stops counting (an earlier verdict on the same change counts again). \
                Find a note's id with 'hindsight events --kind note', a verdict's in the 'verdicts' of 'hindsight analyze INCIDENT --json'.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
        var incident: String

        @Argument(help: ArgumentHelp("The id of the note or verdict to withdraw.", valueName: "event-id"))
        var event: String

        @Option(help: ArgumentHelp("Why it is withdrawn.", valueName: "text"))
        var why: String?

        @Option(help: ArgumentHelp("Who withdraws it.", valueName: "name"))
        var by: String?

        func run() async throws {
            let now = try clock.current()
            let eventStore = try store.open()
            let e = try runtime { try eventStore.retract(incident: incident, event: event, why: why, by: by, now: now) }
            print("\(event) retracted on \(incident) at \(e.time.rfc3339) (\(e.id))")
        }
    }
}
