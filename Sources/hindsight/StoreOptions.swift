import ArgumentParser
import Foundation
import HindsightStore

/// The `--db` option every subcommand shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The event store file (default: $HINDSIGHT_DB, else ./hindsight.db).", valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["HINDSIGHT_DB"], !env.isEmpty { return env }
        return "hindsight.db"
    }

    func open() throws -> EventStore {
        try runtime { try EventStore.open(path: path) }
    }
}
