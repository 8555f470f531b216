extension EventStore {
    /// The settings that keep a commit from surviving a power loss, as `name = value`: on SQLite,
    /// `synchronous` below FULL on this store's connections; on PostgreSQL, `fsync`,
    /// `synchronous_commit` or `full_page_writes` turned off on its server. Empty when every commit is durable.
    package func durabilityGaps() throws -> [String] {
        if backend is SQLiteBackend {
            // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
            let level = try read { s in try s.value(Int.self, "PRAGMA synchronous") } ?? 0
            return level >= 2 ? [] : ["synchronous = \(level == 1 ? "NORMAL" : "OFF")"]
        }
        return try read { s in
            try ["fsync", "synchronous_commit", "full_page_writes"].compactMap { name in
                // synchronous_commit = local still waits for this server's disk; only off does not.
                try s.value(String.self, "SELECT current_setting('\(name)')") == "off" ? "\(name) = off" : nil
            }
        }
    }
}
