import GRDB

/// Copies the store's write-ahead log back into its file from a connection of its own. A commit that
/// crosses SQLite's auto-checkpoint threshold otherwise copies and syncs pages itself while every
/// request queued behind the writer waits (the server's p99); a passive checkpoint here never blocks
/// the writer, and the writer's next commit restarts the log once it has all been copied.
package final class Checkpointer: Sendable {
    let connection: DatabaseQueue

    package init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(1)
        connection = try SQLiteBackend.mappingErrors { try DatabaseQueue(path: path, configuration: config) }
    }

    /// One passive checkpoint: as much of the log as no reader still needs.
    package func checkpoint() throws {
        try SQLiteBackend.mappingErrors {
            try connection.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
    }
}
