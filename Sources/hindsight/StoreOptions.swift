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
        try runtime {
            do {
                return try EventStore.open(path: path)
            } catch let error as StoreError {
                // The library says what went wrong; the flag to change is the front end's to name.
                guard case .cannotOpen = error else { throw error }
                throw StoreOpenFailure(message: "\(error), or name another store with --db / HINDSIGHT_DB")
            }
        }
    }

    /// A store that cannot be opened, with the flag that names another.
    struct StoreOpenFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
