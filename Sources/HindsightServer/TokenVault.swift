import Crypto
import Foundation
import Hindsight
import HindsightStore

/// Creates, seals and checks the server's tokens. The store keeps a token's SHA-256 digest (what a
/// bearer presents is hashed and compared in constant time) and the token sealed with AES-GCM under
/// a key kept in a file of its own (`<db>.key` beside an SQLite store by default, mode 0600): a producer's HMAC signature
/// can only be checked with the secret itself, and a copy of the store alone reveals none.
package struct TokenVault: Sendable {
    package let store: EventStore
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    package init(store: EventStore, key: SymmetricKey) {
        self.store = store
        keyBytes = key.withUnsafeBytes { Array($0) }
    }

    /// The vault of `store`, its key read from `keyFile` (created when missing and `create` is true).
    package static func open(store: EventStore, keyFile: String, create: Bool) throws(ServerError) -> TokenVault {
        TokenVault(store: store, key: try Self.keyFile(keyFile, create: create))
    }

    /// A new random key, for in-memory stores (tests).
    package static func ephemeral(store: EventStore) -> TokenVault {
        TokenVault(store: store, key: SymmetricKey(size: .bits256))
    }

    /// Reads (or, when missing and `create` is true, writes) the 32-byte sealing key of a store.
    static func keyFile(_ keyPath: String, create: Bool) throws(ServerError) -> SymmetricKey {
        if let data = FileManager.default.contents(atPath: keyPath) {
            guard data.count == 32 else { throw .badKeyFile(path: keyPath, reason: "it holds \(data.count) bytes, not 32") }
            return SymmetricKey(data: data)
        }
        guard create else { throw .missingKeyFile(path: keyPath) }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        try? FileManager.default.createDirectory(atPath: (keyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: keyPath, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw .badKeyFile(path: keyPath, reason: "it cannot be written; check the folder's permissions")
        }
        return key
    }

    /// Makes and stores a token; returns it in full, the only time it is shown. `signingSecret` is a
    /// producer's own secret (Sentry's client secret, a PagerDuty subscription's, a `whsec_` key a
    /// Standard Webhooks sender made) to check signatures with instead of the token.
    package func create(
        name: String, scope: TokenScope = .read, format: String?, expiresAt: Timestamp? = nil, now: Timestamp, signingSecret: String? = nil
    ) throws -> CreatedToken {
        let token = CreatedToken(name: name, format: format, secretBytes: Self.randomSecret(), producerSecret: signingSecret != nil)
        let sealed = try seal(signingSecret ?? token.token)
        try store.addToken(
            APIToken(
                name: name, scope: format == nil ? scope : .write, format: format, digest: Self.digest(token.token), sealedSecret: sealed,
                createdAt: now, expiresAt: expiresAt))
        return token
    }

    /// Gives the active token `name` a new secret; the replaced one stays accepted (as a bearer and for
    /// signatures) until `now + grace`. A token whose signatures a producer's own secret makes keeps that
    /// secret unless `signingSecret` gives a new one. `expiresAt` replaces its expiry when given.
    package func rotate(name: String, grace: TimeSpan, expiresAt: Timestamp? = nil, now: Timestamp, signingSecret: String? = nil) throws
        -> CreatedToken
    {
        guard let current = try store.tokens().first(where: { $0.name == name && $0.revokedAt == nil }) else {
            throw StoreError.unknownToken(name, store: store.displayName)
        }
        let producer = signingSecret ?? producerSecret(of: current)
        let token = CreatedToken(name: name, format: current.format, secretBytes: Self.randomSecret(), producerSecret: producer != nil)
        let sealed = try seal(producer ?? token.token)
        try store.rotateToken(
            name, digest: Self.digest(token.token), sealedSecret: sealed, previousValidUntil: now + grace, expiresAt: expiresAt, at: now)
        return token
    }

    /// What a bearer presents, checked against every token in constant time.
    package func authenticate(bearer: String, now: Timestamp) throws -> TokenCheck {
        authenticate(bearer: bearer, now: now, among: try store.tokens())
    }

    /// What a bearer presents, checked against every one of `tokens` (the store's, as last read) in constant time.
    package func authenticate(bearer: String, now: Timestamp, among tokens: [APIToken]) -> TokenCheck {
        let presented = Self.digest(bearer)
        var found: APIToken?
        for t in tokens where t.revokedAt == nil {
            if ConstantTime.equal(t.digest, presented) { found = t }
            if let previous = t.previousDigest, ConstantTime.equal(previous, presented), t.acceptsPreviousSecret(at: now) { found = t }
        }
        guard let found else { return .unknown }
        return found.isExpired(at: now) ? .expired(found) : .valid(found)
    }

    /// The active tokens that may sign for `format` (every one without a format, and for `nil` only those; whether its scope may
    /// write is the caller's check) with their secrets; a rotated token's replaced secret too while its
    /// grace period lasts. A token sealed under another key file (a store copied without its key) cannot
    /// sign and is left out.
    package func signingSecrets(for format: String?, now: Timestamp) throws -> [(token: APIToken, secret: TokenSecret)] {
        signingSecrets(for: format, now: now, among: try store.tokens())
    }

    /// `signingSecrets(for:now:)` among `tokens` (the store's, as last read).
    package func signingSecrets(for format: String?, now: Timestamp, among tokens: [APIToken]) -> [(token: APIToken, secret: TokenSecret)] {
        tokens.flatMap { t -> [(token: APIToken, secret: TokenSecret)] in
            guard t.isActive(at: now), t.format == nil || t.format == format else { return [] }
            var sealed = [t.sealedSecret]
            if t.acceptsPreviousSecret(at: now), let previous = t.previousSealedSecret { sealed.append(previous) }
            return sealed.compactMap { open($0) }.map { (t, TokenSecret(text: $0)) }
        }
    }

    /// A producer's own signing secret of `token`, when one was given instead of the token itself.
    func producerSecret(of token: APIToken) -> String? {
        guard let secret = open(token.sealedSecret), !ConstantTime.equal(Self.digest(secret), token.digest) else { return nil }
        return secret
    }

    func seal(_ secret: String) throws -> [UInt8] {
        Array(try AES.GCM.seal(Array(secret.utf8), using: key).combined!)
    }

    func open(_ sealed: [UInt8]) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let opened = try? AES.GCM.open(box, using: key), !opened.isEmpty else { return nil }
        return String(decoding: opened, as: UTF8.self)
    }

    static func randomSecret() -> [UInt8] {
        var random = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in random.indices { random[i] = generator.next() }
        return random
    }

    static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}

/// What a presented bearer token is.
package enum TokenCheck: Sendable, Equatable {
    /// Active: its current secret, or the replaced one within its grace period.
    case valid(APIToken)
    /// Its secret, but past its expiry.
    case expired(APIToken)
    /// No active token's secret.
    case unknown

    /// The token when it may be used.
    package var token: APIToken? {
        if case .valid(let t) = self { t } else { nil }
    }
}

/// A token just made: the bearer token and, unless a producer's own secret signs, the same secret as a
/// Standard Webhooks `whsec_` key.
package struct CreatedToken: Sendable {
    package let name: String
    package let format: String?
    /// `hs_` and 43 base64url characters: the bearer token and (without a producer's secret) the HMAC
    /// secret of GitHub, Sentry and PagerDuty signatures.
    package let token: String
    /// `whsec_` and the same 32 bytes in base64; `nil` when a producer's own secret signs.
    package let standardWebhooksSecret: String?

    init(name: String, format: String?, secretBytes: [UInt8], producerSecret: Bool) {
        self.name = name
        self.format = format
        token =
            "hs_"
            + Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        standardWebhooksSecret = producerSecret ? nil : "whsec_" + Data(secretBytes).base64EncodedString()
    }
}

/// The secret a token's signatures are checked with: its own `hs_` token or a producer's secret.
package struct TokenSecret: Sendable {
    /// The text whose UTF-8 bytes key GitHub, Sentry and PagerDuty signatures.
    package let text: String
    /// The key of Standard Webhooks signatures: the bytes behind `hs_…` (base64url) or `whsec_…` (base64),
    /// else the text's bytes.
    package let standardWebhooksKey: [UInt8]

    init(text: String) {
        self.text = text
        func decode(_ b64: String) -> [UInt8]? {
            var padded = b64
            while padded.count % 4 != 0 { padded += "=" }
            return Data(base64Encoded: padded).map(Array.init)
        }
        if text.hasPrefix("hs_"),
            let bytes = decode(String(text.dropFirst(3)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"))
        {
            standardWebhooksKey = bytes
        } else if text.hasPrefix("whsec_"), let bytes = decode(String(text.dropFirst(6))) {
            standardWebhooksKey = bytes
        } else {
            standardWebhooksKey = Array(text.utf8)
        }
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
