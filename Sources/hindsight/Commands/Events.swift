import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight events`: list stored events.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored events, oldest first.",
            discussion: "--json prints native JSON Lines, which 'hindsight ingest' reads back.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Only events at or after this time (RFC 3339).", valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Only events before this time (RFC 3339).", valueName: "time"))
        var until: String?

        @Option(help: ArgumentHelp("Only this kind (repeatable): \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
        var kind: [EventKind] = []

        @Option(help: ArgumentHelp("Only this service (repeatable).", valueName: "service"))
        var service: [String] = []

        @Option(help: "At most this many events; 0 for all.")
        var limit = 100

        @Flag(help: "Print native JSON Lines.")
        var json = false

        func validate() throws {
            guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        }

        func run() async throws {
            let filter = EventFilter(
                since: try since.map { try parseTime($0, option: "--since") },
                until: try until.map { try parseTime($0, option: "--until") },
                kinds: kind, services: service, limit: limit == 0 ? nil : limit)
            let eventStore = try store.open()
            let events = try runtime { try eventStore.events(filter) }
            if json {
                for e in events { print(e.nativeJSON) }
                return
            }
            guard !events.isEmpty else {
                print("No events match.")
                return
            }
            var table = TextTable(["TIME", "KIND", "SERVICE", "STATUS", "VERSION", "ID", "SUMMARY"])
            for e in events {
                table.add([
                    e.time.rfc3339, e.kind.rawValue, e.service, e.status ?? "", e.version ?? "", e.id,
                    e.summary ?? e.title ?? e.host.map { "host \($0)" } ?? "",
                ])
            }
            print(table.render())
            if let limit = filter.limit, events.count == limit {
                let total = try runtime { try eventStore.count(filter) }
                if total > limit { print("(\(limit) of \(total) shown; use --limit 0 for all)") }
            }
        }
    }
}
