import ArgumentParser
import Foundation
import HindsightStore

/// The `--db` option every subcommand shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The event store: a file path (or sqlite:PATH), or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE "
                + "(default: $HINDSIGHT_DB, else ./hindsight.db).",
            valueName: "path|url"))
    var db: String?

    /// The store's location as given (a path or a URL).
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["HINDSIGHT_DB"], !env.isEmpty { return env }
        return "hindsight.db"
    }

    /// Opens the store, which must exist: a command that only reads, or that adds to what is
    /// stored (a note on an incident), never leaves an empty store behind a mistyped path.
    func open() throws -> EventStore {
        try runtime { try EventStore.open(location: path, create: false) }
    }

    /// Opens the store, creating an SQLite store where there is none: for the commands that fill
    /// or set up a store (`ingest`, `catalog import`, `token create`, `serve`).
    func openOrCreate() throws -> EventStore {
        try runtime { try EventStore.open(location: path) }
    }

}

/// Where the key that seals tokens' signing secrets lives (`serve`, `token create`).
struct KeyFileOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The file of the key that seals tokens' signing secrets (default: $HINDSIGHT_KEY_FILE, else DB.key beside "
                + "an SQLite store, ~/.config/hindsight/HOST-PORT-DATABASE.key for PostgreSQL). Every server of one store needs the same file.",
            valueName: "path"))
    var keyFile: String?

    func path(for store: EventStore) -> String {
        if let keyFile { return keyFile }
        if let env = ProcessInfo.processInfo.environment["HINDSIGHT_KEY_FILE"], !env.isEmpty { return env }
        return store.defaultKeyFile(home: FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
