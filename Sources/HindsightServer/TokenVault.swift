import Crypto
import Foundation
import Hindsight
import HindsightStore

/// Creates, seals and checks the server's tokens. The store keeps a token's SHA-256 digest (what a
/// bearer presents is hashed and compared in constant time) and the token sealed with AES-GCM under
/// a key kept in its own file beside the store (`<db>.key`, mode 0600): a producer's HMAC signature
/// can only be checked with the secret itself, and a copy of the store alone reveals none.
public struct TokenVault: Sendable {
    public let store: EventStore
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(store: EventStore, key: SymmetricKey) {
        self.store = store
        keyBytes = key.withUnsafeBytes { Array($0) }
    }

    /// The vault of the store file at `path`, its key read from `path.key` (created when `create` is true).
    public static func open(store: EventStore, databasePath: String, create: Bool) throws(ServerError) -> TokenVault {
        TokenVault(store: store, key: try keyFile(forDatabase: databasePath, create: create))
    }

    /// A new random key, for in-memory stores (tests).
    public static func ephemeral(store: EventStore) -> TokenVault {
        TokenVault(store: store, key: SymmetricKey(size: .bits256))
    }

    /// Reads (or, when missing and `create` is true, writes) the 32-byte sealing key of a store.
    static func keyFile(forDatabase path: String, create: Bool) throws(ServerError) -> SymmetricKey {
        let keyPath = path + ".key"
        if let data = FileManager.default.contents(atPath: keyPath) {
            guard data.count == 32 else { throw .badKeyFile(path: keyPath, reason: "it holds \(data.count) bytes, not 32") }
            return SymmetricKey(data: data)
        }
        guard create else { throw .badKeyFile(path: keyPath, reason: "it does not exist; create a token first with 'hindsight token create NAME'") }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: keyPath, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw .badKeyFile(path: keyPath, reason: "it cannot be written; check the folder's permissions")
        }
        return key
    }

    /// Makes and stores a token; returns it in full, the only time it is shown.
    public func create(name: String, format: String?, now: Timestamp) throws -> CreatedToken {
        var random = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in random.indices { random[i] = generator.next() }
        let token = CreatedToken(name: name, format: format, secretBytes: random)
        let sealed = try AES.GCM.seal(Array(token.token.utf8), using: key).combined!
        try store.addToken(APIToken(name: name, format: format, digest: Self.digest(token.token), sealedSecret: Array(sealed), createdAt: now))
        return token
    }

    /// The active token a bearer presents, if any; every active token is compared, in constant time.
    public func authenticate(bearer: String) throws -> APIToken? {
        let presented = Self.digest(bearer)
        var found: APIToken?
        for t in try store.tokens() where t.revokedAt == nil {
            if ConstantTime.equal(t.digest, presented) { found = t }
        }
        return found
    }

    /// The active tokens allowed on `format` with their secrets, for checking a producer's signature.
    /// A token sealed under another key file (a store copied without its key) cannot sign and is left out.
    public func signingSecrets(for format: String) throws -> [(token: APIToken, secret: TokenSecret)] {
        try store.tokens().compactMap { t in
            guard t.revokedAt == nil, t.format == nil || t.format == format,
                  let box = try? AES.GCM.SealedBox(combined: t.sealedSecret), let opened = try? AES.GCM.open(box, using: key),
                  let secret = TokenSecret(token: String(decoding: opened, as: UTF8.self)) else { return nil }
            return (t, secret)
        }
    }

    static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}

/// A token just made: the bearer token and the same secret as a Standard Webhooks `whsec_` key.
public struct CreatedToken: Sendable {
    public let name: String
    public let format: String?
    /// `hs_` and 43 base64url characters: the bearer token and the HMAC secret of GitHub, Sentry and PagerDuty.
    public let token: String
    /// `whsec_` and the same 32 bytes in base64: the secret a Standard Webhooks sender signs with.
    public let standardWebhooksSecret: String

    init(name: String, format: String?, secretBytes: [UInt8]) {
        self.name = name
        self.format = format
        let secret = TokenSecret(bytes: secretBytes)
        token = secret.token
        standardWebhooksSecret = "whsec_" + Data(secretBytes).base64EncodedString()
    }
}

/// A token's secret in the two shapes producers sign with.
public struct TokenSecret: Sendable {
    /// The 32 random bytes (the Standard Webhooks key).
    public let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `hs_<base64url>`; `nil` for anything else.
    init?(token: String) {
        guard token.hasPrefix("hs_") else { return nil }
        var b64 = String(token.dropFirst(3)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), data.count == 32 else { return nil }
        bytes = Array(data)
    }

    /// The token text, whose UTF-8 bytes are the HMAC key of GitHub, Sentry and PagerDuty signatures.
    public var token: String {
        "hs_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// Comparison whose time does not depend on where two byte strings differ.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
