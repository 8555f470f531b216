import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight note`: a person's timeline entry on an incident, stored as a `note` event.
    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a timeline entry to an incident (what the data could not know).",
            discussion: """
                The note is stored as a 'note' event linked to the incident, so it is exported and synced like any other event, \
                and shown in the post-mortem's timeline.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
        var incident: String

        @Argument(help: ArgumentHelp("What happened, in one line.", valueName: "text"))
        var text: String

        @Option(help: ArgumentHelp("When it happened (RFC 3339; default: now).", valueName: "time"))
        var at: String?

        @Option(help: ArgumentHelp("Who is writing it (default: the login name).", valueName: "name"))
        var by: String?

        func run() async throws {
            let time = try at.map { try parseTime($0, option: "--at") } ?? clock.current()
            let author = try Author.resolve(by)
            let eventStore = try store.open()
            let note = try runtime { try eventStore.recordNote(incident: incident, text: text, at: time, by: author) }
            print("noted on \(incident) at \(note.time.rfc3339) by \(author) (\(note.id))")
        }
    }
}
