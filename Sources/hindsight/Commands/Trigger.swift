import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight trigger confirm|reject`: the team's verdict on which change triggered an incident.
    struct Trigger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm or reject a change as an incident's trigger.",
            discussion: """
                A confirmed change becomes the trigger 'analyze' and 'postmortem' report (with who confirmed it), \
                the correlator's own choice kept beside it; a rejected change is never proposed again. \
                The last verdict on a change wins. Verdicts are stored as 'note' events (docs/retrospective.md).
                """,
            subcommands: [Confirm.self, Reject.self])

        /// The arguments both verdicts take.
        struct VerdictArguments: ParsableArguments {
            @OptionGroup var store: StoreOptions
            @OptionGroup var clock: ClockOptions

            @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
            var incident: String

            @Argument(
                help: ArgumentHelp(
                    "The change's id (see 'hindsight analyze INCIDENT' or 'hindsight changes --before INCIDENT').",
                    valueName: "change-id"))
            var change: String

            @Option(help: ArgumentHelp("Who gives the verdict (default: the login name).", valueName: "name"))
            var by: String?

            func record(_ decision: TeamVerdict.Decision, why: String?) throws {
                let now = try clock.current()
                let author = try Author.resolve(by)
                let eventStore = try store.open()
                let v = try runtime {
                    try eventStore.recordVerdict(incident: incident, change: change, decision: decision, by: author, why: why, now: now)
                }
                print("\(change) \(v.sentence) on \(incident)")
            }
        }

        /// `hindsight trigger confirm`.
        struct Confirm: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Confirm a change as the incident's trigger.")
            @OptionGroup var arguments: VerdictArguments
            @Option(help: ArgumentHelp("Why (the evidence the team has).", valueName: "text"))
            var why: String?

            func run() async throws { try arguments.record(.confirmed, why: why) }
        }

        /// `hindsight trigger reject`.
        struct Reject: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Reject a change as the incident's trigger; it is never proposed again.")
            @OptionGroup var arguments: VerdictArguments
            @Option(help: ArgumentHelp("Why it is not the trigger (required).", valueName: "text"))
            var why: String

            func validate() throws {
                if why.isEmpty { throw ValidationError("--why: say why the change is not the trigger") }
            }

            func run() async throws { try arguments.record(.rejected, why: why) }
        }
    }
}
