import Foundation
import GRDB

extension EventStore {
    /// Writes a consistent copy of an SQLite store to `path` while others keep reading and writing it
    /// (`VACUUM INTO` reads one snapshot), first to a temporary file beside `path`, renamed when complete
    /// so a failed backup leaves no half-written file. `path` must not exist.
    package func backup(to path: String) throws {
        guard let sqlite = backend as? SQLiteBackend else { throw StoreError.backupNeedsSQLite(store: displayName) }
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.backupExists(path) }
        let partial = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try SQLiteBackend.mappingErrors {
                try sqlite.writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial]) }
            }
            guard rename(partial, path) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
