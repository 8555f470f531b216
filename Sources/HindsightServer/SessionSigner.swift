import Crypto
import Foundation
import Hindsight

/// Login sessions of the pages: a cookie `expiry:nonce:mac:name` whose HMAC is keyed with a random key
/// of this server process (a restart logs everyone out). The token it names is checked again on every
/// request, so revoking it ends its sessions. Each session has a CSRF token derived from its nonce
/// (another HMAC under the same key), so forms carry a value only this session's pages show.
package struct SessionSigner: Sendable {
    package static let cookieName = "hindsight_session"
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// A signer with a new random key.
    package init() { keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) } }

    /// A new session for token `name`, valid until `expiry`, and the cookie value that carries it.
    func issue(name: String, expiry: Timestamp) -> (value: String, session: Session) {
        let nonce = TokenVault.randomSecret().prefix(16).map { String(format: "%02x", $0) }.joined()
        let signed = "\(expiry.milliseconds):\(nonce):\(name)"
        let value = "\(expiry.milliseconds):\(nonce):\(mac("session:" + signed)):\(name)"
        return (value, Session(tokenName: name, expiry: expiry, csrfToken: mac("csrf:" + nonce)))
    }

    /// The session of a genuine, unexpired cookie value.
    func session(from value: String, now: Timestamp) -> Session? {
        let parts = value.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let expiry = Int64(parts[0]), expiry > now.milliseconds, parts[1].count == 32,
            let presented = WebhookSignature.hex(parts[2])
        else { return nil }
        let nonce = String(parts[1])
        let name = String(parts[3])
        let signed = "session:\(expiry):\(nonce):\(name)"
        guard HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: Array(signed.utf8), using: key) else { return nil }
        return Session(tokenName: name, expiry: Timestamp(milliseconds: expiry), csrfToken: mac("csrf:" + nonce))
    }

    func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}
