import ArgumentParser
import Foundation
import HindsightFormats
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

    func open() throws -> EventStore {
        try runtime { try EventStore.open(location: path) }
    }

    /// The settings of `hindsight.toml`: the file given, else the one next to an SQLite store, else the defaults.
    func config(_ explicit: String? = nil) throws -> HindsightConfig {
        if let explicit { return try runtime { try HindsightConfig.load(path: explicit) } }
        guard !path.contains("://") else { return HindsightConfig() }
        let nextToStore = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("hindsight.toml").path
        guard FileManager.default.fileExists(atPath: nextToStore) else { return HindsightConfig() }
        return try runtime { try HindsightConfig.load(path: nextToStore) }
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
