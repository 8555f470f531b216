import Foundation
import GRDB
import Hindsight

extension EventStore {
    /// Stores a new token; a name already used (revoked or not) is `StoreError.tokenExists`.
    public func addToken(_ token: APIToken) throws {
        try Self.mappingErrors {
            try writer.write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_token WHERE name = ?", arguments: [token.name]) == true {
                    throw StoreError.tokenExists(token.name)
                }
                try db.execute(sql: """
                    INSERT INTO api_token (name, format, digest, sealed_secret, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [token.name, token.format, Data(token.digest), Data(token.sealedSecret),
                                     token.createdAt.milliseconds, token.revokedAt?.milliseconds])
            }
        }
    }

    /// Every token, revoked ones included, by name.
    public func tokens() throws -> [APIToken] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, format, digest, sealed_secret, created_at, revoked_at FROM api_token ORDER BY name")
                .map { row in
                    APIToken(name: row["name"], format: row["format"], digest: [UInt8](row["digest"] as Data),
                             sealedSecret: [UInt8](row["sealed_secret"] as Data),
                             createdAt: Timestamp(milliseconds: row["created_at"]),
                             revokedAt: (row["revoked_at"] as Int64?).map(Timestamp.init(milliseconds:)))
                }
        }
    }

    /// Revokes the active token `name` at `time`; an unknown or already revoked name is `StoreError.unknownToken`.
    public func revokeToken(_ name: String, at time: Timestamp) throws {
        try Self.mappingErrors {
            try writer.write { db in
                try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                               arguments: [time.milliseconds, name])
                if db.changesCount == 0 { throw StoreError.unknownToken(name) }
            }
        }
    }
}
