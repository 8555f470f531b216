import Hindsight

extension EventStore {
    /// Stores a new token; a name already used (revoked or not) is `StoreError.tokenExists`.
    package func addToken(_ token: APIToken) throws {
        try write { s in
            let stored = try s.execute(
                """
                INSERT INTO api_token (name, scope, format, digest, sealed_secret, created_at, revoked_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING
                """,
                [
                    token.name, token.scope.rawValue, token.format, token.digest, token.sealedSecret, token.createdAt.milliseconds,
                    token.revokedAt?.milliseconds, token.expiresAt?.milliseconds,
                ])
            if stored == 0 { throw StoreError.tokenExists(token.name, store: displayName) }
            try Self.bumpTokenRevision(s)
        }
    }

    /// Every token, revoked ones included, by name.
    package func tokens() throws -> [APIToken] {
        try read { s in
            try s.rows(
                """
                SELECT name, scope, format, digest, sealed_secret, created_at, revoked_at, expires_at,
                       previous_digest, previous_sealed_secret, previous_valid_until, rotated_at
                FROM api_token ORDER BY name
                """
            ).map { row in
                func time(_ column: String) -> Timestamp? { (row[column] as Int64?).map(Timestamp.init(milliseconds:)) }
                var token = APIToken(
                    name: row["name"], scope: TokenScope(rawValue: row["scope"]) ?? .read, format: row["format"], digest: row["digest"],
                    sealedSecret: row["sealed_secret"], createdAt: Timestamp(milliseconds: row["created_at"]), revokedAt: time("revoked_at"),
                    expiresAt: time("expires_at"))
                token.previousDigest = row["previous_digest"]
                token.previousSealedSecret = row["previous_sealed_secret"]
                token.previousValidUntil = time("previous_valid_until")
                token.rotatedAt = time("rotated_at")
                return token
            }
        }
    }

    /// The revision of the token table: another value after every token write, by any process sharing
    /// the store. What a reader of `tokens()` may cache them under.
    package func tokenRevision() throws -> Int64 {
        try readStatement { s in try s.value(Int64.self, "SELECT revision FROM api_token_revision WHERE id = 1") ?? 0 }
    }

    static func bumpTokenRevision(_ s: any SQLSession) throws {
        try s.execute("UPDATE api_token_revision SET revision = ? WHERE id = 1", [Int64.random(in: 1...Int64.max)])
    }

    /// Revokes the active token `name` at `time`; an unknown or already revoked name is `StoreError.unknownToken`.
    package func revokeToken(_ name: String, at time: Timestamp) throws {
        try write { s in
            let changed = try s.execute("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [time.milliseconds, name])
            if changed == 0 { throw StoreError.unknownToken(name, store: displayName) }
            try Self.bumpTokenRevision(s)
        }
    }

    /// Replaces the secret of the active token `name` at `time`: its current digest and sealed secret
    /// stay accepted until `previousValidUntil`, and the new ones from now on. `expiresAt` replaces
    /// its expiry when given. An unknown or revoked name is `StoreError.unknownToken`.
    package func rotateToken(
        _ name: String, digest: [UInt8], sealedSecret: [UInt8], previousValidUntil: Timestamp, expiresAt: Timestamp?, at time: Timestamp
    ) throws {
        try write { s in
            let changed = try s.execute(
                """
                UPDATE api_token SET previous_digest = digest, previous_sealed_secret = sealed_secret, previous_valid_until = ?,
                    digest = ?, sealed_secret = ?, rotated_at = ?, expires_at = COALESCE(?, expires_at)
                WHERE name = ? AND revoked_at IS NULL
                """, [previousValidUntil.milliseconds, digest, sealedSecret, time.milliseconds, expiresAt?.milliseconds, name])
            if changed == 0 { throw StoreError.unknownToken(name, store: displayName) }
            try Self.bumpTokenRevision(s)
        }
    }
}
