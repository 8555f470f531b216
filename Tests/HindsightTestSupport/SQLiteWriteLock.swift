import GRDB

/// Holds an SQLite file's write lock from another connection, as a long `hindsight ingest` in another
/// process does, until `release`.
package final class SQLiteWriteLock {
    let queue: DatabaseQueue

    /// Takes the write lock of the store file at `path` (`BEGIN IMMEDIATE`).
    package init(path: String) throws {
        var configuration = Configuration()
        // The transaction outlives the access that opens it, as another process's would.
        configuration.allowsUnsafeTransactions = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
    }

    /// Ends the transaction, letting other writers in.
    package func release() throws {
        try queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
    }
}
