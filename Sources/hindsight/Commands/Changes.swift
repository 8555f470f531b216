import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight changes --before X`: what changed before a time, an event or an incident.
    struct Changes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the changes (deploy, release, config, rollback) before a time, event or incident, newest first.",
            discussion: """
                X is an RFC 3339 time, an event id, or an incident id. For an event or an incident \
                the services default to theirs (global '*' changes always count); --all-services \
                widens to every service. An incident's point is its impact start (its first signal).
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("A time, event id or incident id.", valueName: "X"))
        var before: String

        @Option(help: ArgumentHelp("How far back to look.", valueName: "duration"))
        var window: TimeSpan = .hours(24)

        @Option(help: ArgumentHelp("Only changes on this service (repeatable); global '*' changes are included.", valueName: "service"))
        var service: [String] = []

        @Option(help: ArgumentHelp("Only this kind of change (repeatable): deploy, release, config, rollback.", valueName: "kind"))
        var kind: [EventKind] = []

        @Flag(help: "Changes on every service, not only those of the event or incident.")
        var allServices = false

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            if let k = kind.first(where: { !$0.isChange }) {
                throw ValidationError("--kind \(k.rawValue) is not a change; use deploy, release, config or rollback")
            }
            if allServices && !service.isEmpty { throw ValidationError("--all-services and --service contradict each other; use one") }
            guard window.milliseconds > 0 else { throw ValidationError("--window must be longer than zero") }
        }

        func run() async throws {
            let eventStore = try store.open()
            let point = try runtime {
                do {
                    return try ChangePoint.resolve(before, in: eventStore)
                } catch let error as TimestampError {
                    throw ValidationError("--before: \(error)")
                }
            }
            let services = !service.isEmpty ? service : (allServices ? [] : point.services)
            let changes = try runtime {
                try eventStore.changes(before: point.time, window: window, services: services, kinds: kind, excluding: point.eventID)
            }
            if json {
                print(point.json(changes: changes, window: window, services: services))
                return
            }
            let on = services.isEmpty ? "every service" : services.joined(separator: ", ") + " and global '*'"
            print("Changes in the \(window) before \(point.label) (\(on)):")
            print()
            guard !changes.isEmpty else {
                print("None. Widen the search with --window 7d\(services.isEmpty ? "" : " or --all-services").")
                return
            }
            var table = TextTable(["WHEN", "BEFORE", "KIND", "SERVICE", "VERSION", "ID", "SUMMARY"])
            for c in changes {
                var kindText = c.kind.rawValue
                if let s = c.status, s != "succeeded" { kindText += " (\(s))" }
                table.add([c.time.rfc3339, "\(point.time - c.time)", kindText, c.service, c.version ?? "", c.id, c.summary ?? ""])
            }
            print(table.render())
        }
    }
}
