import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight incident merge`: one incident, not two, when the guard's suspected incident and a declared one are the same.
    struct Incident: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act on one incident: merge the guard's suspected incident into a declared one.",
            subcommands: [Merge.self])

        /// `hindsight incident merge GUARD-ID INCIDENT-ID`.
        struct Merge: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Merge the guard's suspected incident into the incident a person declared.",
                discussion: """
                    The declared incident absorbs guard-CHANGE-ID: its detection counts from the time the guard flagged the \
                    change, its signal window opens at the change, and the lists show only it. 'hindsight serve' does this \
                    by itself when someone declares an incident on the flagged change's service while the guard's is open. \
                    Merging again records nothing new.
                    """)

            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("The guard's incident (guard-CHANGE-ID).", valueName: "guard-id"))
            var guardID: String

            @Argument(help: ArgumentHelp("The declared incident that absorbs it.", valueName: "incident-id"))
            var incident: String

            @Option(help: ArgumentHelp("Who merges them (default: the login name).", valueName: "name"))
            var by: String?

            func run() async throws {
                let author = try Author.resolve(by)
                let eventStore = try store.open()
                let merged = try runtime { try eventStore.mergeSuspicion(guardID, into: incident, by: author) }
                print(merged ? "\(incident) absorbs \(guardID)" : "\(incident) already absorbs \(guardID); nothing new recorded")
            }
        }
    }
}
