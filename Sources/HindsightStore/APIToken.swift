import Hindsight

/// A stored server token: its name, its scope, the hook format it is limited to, when it expires, and
/// only a digest of the token itself plus its signing secret sealed with a key kept outside the store.
/// After a rotation the previous secret stays valid until `previousValidUntil`.
package struct APIToken: Sendable, Equatable {
    package var name: String
    /// What it may do; a format token is `write`, on its own hook only.
    package var scope: TokenScope
    /// The only format it may post (`github`); `nil`: every route its scope allows.
    package var format: String?
    /// SHA-256 of the token a bearer presents.
    package var digest: [UInt8]
    /// The token sealed (AES-GCM) with the store's key file, to check producers' HMAC signatures.
    package var sealedSecret: [UInt8]
    package var createdAt: Timestamp
    package var revokedAt: Timestamp?
    /// Refused from this time on; `nil`: until revoked.
    package var expiresAt: Timestamp?
    /// The digest and sealed secret replaced by the last rotation, accepted until `previousValidUntil`.
    package var previousDigest: [UInt8]?
    package var previousSealedSecret: [UInt8]?
    package var previousValidUntil: Timestamp?
    /// When the secret was last rotated.
    package var rotatedAt: Timestamp?

    package init(
        name: String, scope: TokenScope = .write, format: String?, digest: [UInt8], sealedSecret: [UInt8], createdAt: Timestamp,
        revokedAt: Timestamp? = nil, expiresAt: Timestamp? = nil
    ) {
        self.name = name
        self.scope = scope
        self.format = format
        self.digest = digest
        self.sealedSecret = sealedSecret
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
    }

    /// Whether it is refused at `now`: revoked or expired.
    package func isActive(at now: Timestamp) -> Bool {
        revokedAt == nil && !isExpired(at: now)
    }

    package func isExpired(at now: Timestamp) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }

    /// Whether the secret replaced by the last rotation is still accepted at `now`.
    package func acceptsPreviousSecret(at now: Timestamp) -> Bool {
        previousDigest != nil && (previousValidUntil.map { $0 > now } ?? false)
    }
}
