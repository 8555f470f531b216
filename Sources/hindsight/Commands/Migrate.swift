import ArgumentParser
import HindsightStore

extension HindsightCommand {
    /// `hindsight migrate`: bring a store's schema up to date.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the store's schema up to date (PostgreSQL needs it; SQLite files update themselves).",
            discussion: """
                Applies the numbered schema migrations the store lacks, in order, in one transaction; several \
                servers running it at once apply each migration once. Every other command refuses a PostgreSQL \
                store whose schema is behind and says to run this. Then recomputes the incident summaries that are \
                out of date (after an upgrade that changed the analysis), with progress. See docs/postgres.md.
                """)

        @OptionGroup var store: StoreOptions

        @Flag(help: "Only show which migrations are applied and which are missing.")
        var status = false

        @Option(help: ArgumentHelp("Stop after this migration (default: apply all).", valueName: "name"))
        var to: String?

        func run() async throws {
            let eventStore = try runtime { try EventStore.openForMigration(location: store.path) }
            if status {
                let (known, applied) = try runtime { try eventStore.schemaStatus() }
                for name in known { print("\(applied.contains(name) ? "applied" : "missing")  \(name)") }
                for name in applied where !known.contains(name) { print("unknown  \(name) (a newer hindsight wrote it)") }
                return
            }
            let ran = try runtime { try eventStore.migrate(upTo: to) }
            let (known, applied) = try runtime { try eventStore.schemaStatus() }
            if ran.isEmpty {
                print("\(eventStore.displayName): schema up to date (\(applied.count) of \(known.count) migrations)")
            } else {
                for name in ran { print("applied  \(name)") }
                print("\(eventStore.displayName): \(applied.count) of \(known.count) migrations applied")
            }
            guard applied.contains(EventStore.summariesMigration) else { return }
            let progress = stderrIsTerminal ? ProgressLine(file: eventStore.displayName) : nil
            let recomputed = try runtime {
                defer { progress?.clear() }
                return try eventStore.refreshSummaries { done, total in progress?.update(summaries: done, of: total) }
            }
            if recomputed > 0 { print("\(eventStore.displayName): \(recomputed) incident summar\(recomputed == 1 ? "y" : "ies") recomputed") }
        }
    }
}
