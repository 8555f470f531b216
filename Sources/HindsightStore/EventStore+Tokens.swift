import Hindsight

extension EventStore {
    /// Stores a new token; a name already used (revoked or not) is `StoreError.tokenExists`.
    package func addToken(_ token: APIToken) throws {
        try write { s in
            let stored = try s.execute(
                """
                INSERT INTO api_token (name, format, digest, sealed_secret, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING
                """, [token.name, token.format, token.digest, token.sealedSecret, token.createdAt.milliseconds, token.revokedAt?.milliseconds])
            if stored == 0 { throw StoreError.tokenExists(token.name, store: displayName) }
        }
    }

    /// Every token, revoked ones included, by name.
    package func tokens() throws -> [APIToken] {
        try read { s in
            try s.rows("SELECT name, format, digest, sealed_secret, created_at, revoked_at FROM api_token ORDER BY name").map { row in
                APIToken(
                    name: row["name"], format: row["format"], digest: row["digest"], sealedSecret: row["sealed_secret"],
                    createdAt: Timestamp(milliseconds: row["created_at"]),
                    revokedAt: (row["revoked_at"] as Int64?).map(Timestamp.init(milliseconds:)))
            }
        }
    }

    /// Revokes the active token `name` at `time`; an unknown or already revoked name is `StoreError.unknownToken`.
    package func revokeToken(_ name: String, at time: Timestamp) throws {
        try write { s in
            let changed = try s.execute("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [time.milliseconds, name])
            if changed == 0 { throw StoreError.unknownToken(name, store: displayName) }
        }
    }
}
