import Hindsight

/// A stored server token: its name, the hook format it is limited to, and only a digest of the
/// token itself plus its signing secret sealed with a key kept outside the store.
package struct APIToken: Sendable, Equatable {
    package var name: String
    /// The only format it may post (`github`); `nil`: any route, reads included.
    package var format: String?
    /// SHA-256 of the token a bearer presents.
    package var digest: [UInt8]
    /// The token sealed (AES-GCM) with the store's key file, to check producers' HMAC signatures.
    package var sealedSecret: [UInt8]
    package var createdAt: Timestamp
    package var revokedAt: Timestamp?

    package init(name: String, format: String?, digest: [UInt8], sealedSecret: [UInt8], createdAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.name = name
        self.format = format
        self.digest = digest
        self.sealedSecret = sealedSecret
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
