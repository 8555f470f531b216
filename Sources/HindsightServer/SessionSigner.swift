import Crypto
import Foundation
import Hindsight

/// Login sessions of the pages: a cookie `expiry:mac:name` whose HMAC is keyed with a random key of this
/// server process (a restart logs everyone out). The token it names is checked again on every request,
/// so revoking it ends its sessions.
package struct SessionSigner: Sendable {
    static let cookieName = "hindsight_session"
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// A signer with a new random key.
    package init() { keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) } }

    /// The cookie value for token `name`, valid until `expiry`.
    func value(name: String, expiry: Timestamp) -> String {
        "\(expiry.milliseconds):\(mac("\(expiry.milliseconds):\(name)")):\(name)"
    }

    /// The token name of a genuine, unexpired cookie value.
    func tokenName(from value: String, now: Timestamp) -> String? {
        let parts = value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int64(parts[0]), expiry > now.milliseconds,
            let presented = WebhookSignature.hex(parts[1])
        else { return nil }
        let name = String(parts[2])
        guard HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: Array("\(expiry):\(name)".utf8), using: key) else { return nil }
        return name
    }

    func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}
