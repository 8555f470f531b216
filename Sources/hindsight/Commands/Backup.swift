import ArgumentParser
import Foundation
import HindsightStore

extension HindsightCommand {
    /// `hindsight backup`: a consistent copy of an SQLite store, taken while it is in use.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of an SQLite store to FILE while it is in use.",
            discussion: """
                The copy is one snapshot (SQLite's VACUUM INTO): servers and ingests may keep writing meanwhile. FILE must not \
                exist. Restore by stopping the servers and putting FILE in the store's place. The key file beside the store \
                (DB.key, which seals the tokens' signing secrets) is not inside the copy: keep it with the backup. A PostgreSQL \
                store is backed up with PostgreSQL's tools: see docs/postgres.md.
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "file"))
        var file: String

        func run() async throws {
            let eventStore = try store.open()
            try runtime { try eventStore.backup(to: file) }
            print("\(eventStore.displayName): backed up to \(file)")
            if let path = eventStore.sqlitePath, FileManager.default.fileExists(atPath: path + ".key") {
                print("keep \(path).key with it: it seals the tokens' signing secrets and is not inside the copy")
            }
        }
    }
}
