import Crypto
import Foundation
import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird

/// A producer's own signature of a webhook, made with a token's secret, in the scheme that producer
/// documents. Every scheme is an HMAC (SHA-256; Terraform's SHA-512) checked in constant time against
/// each active token's secret.
package enum WebhookSignature: String, Sendable, CaseIterable {
    /// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC of the body>`.
    case github
    /// Sentry integrations: `Sentry-Hook-Signature: <hex HMAC of the body>`.
    case sentry
    /// PagerDuty webhooks v3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]` (several during secret rotation).
    case pagerduty
    /// Standard Webhooks: `webhook-signature: v1,<base64>[ v1,<base64>…]` over `{webhook-id}.{webhook-timestamp}.{body}`,
    /// keyed with the `whsec_` secret's bytes; the timestamp must be within five minutes of now.
    case standardWebhooks
    /// HCP Terraform / Terraform Cloud notifications: `X-TFE-Notification-Signature: <hex HMAC-SHA512 of the body>`,
    /// keyed with the notification configuration's token.
    case terraform
    /// CircleCI webhooks: `circleci-signature: v1=<hex>[,v1=<hex>…]`, keyed with the webhook's secret.
    case circleci

    /// The header that names each scheme.
    package var header: String {
        switch self {
        case .github: "X-Hub-Signature-256"
        case .sentry: "Sentry-Hook-Signature"
        case .pagerduty: "X-PagerDuty-Signature"
        case .standardWebhooks: "webhook-signature"
        case .terraform: "X-TFE-Notification-Signature"
        case .circleci: "circleci-signature"
        }
    }

    /// How far a Standard Webhooks timestamp may be from the receiver's clock, either way.
    package static let tolerance = TimeSpan.minutes(5)

    /// The scheme among `schemes` whose signature header the request carries, if any.
    static func presented(in headers: HTTPFields, among schemes: [WebhookSignature] = allCases) -> WebhookSignature? {
        schemes.first { headers[HTTPField.Name($0.header)!] != nil }
    }

    /// The request's signature headers, checked for their form (and, for Standard Webhooks, their
    /// timestamp and whether the message was already accepted) before the body is read: a request
    /// that fails here is refused without reading it.
    func presentedSignature(in headers: HTTPFields, now: Timestamp, replays: ReplayGuard) throws(APIError) -> PresentedSignature {
        let value = headers[HTTPField.Name(header)!] ?? ""
        switch self {
        case .github:
            guard value.hasPrefix("sha256="), let mac = Self.hex(value.dropFirst(7)) else {
                throw .unauthorized("malformed signature", field: header, hint: "GitHub sends sha256= and 64 hex digits; " + Self.hint)
            }
            return PresentedSignature(scheme: self, macs: [mac])
        case .pagerduty, .circleci:
            let macs = value.split(separator: ",").compactMap { part in
                let p = part.trimmingCharacters(in: .whitespaces)
                return p.hasPrefix("v1=") ? Self.hex(p.dropFirst(3)) : nil
            }
            guard !macs.isEmpty else {
                let producer = self == .pagerduty ? "PagerDuty" : "CircleCI"
                throw .unauthorized("malformed signature", field: header, hint: "\(producer) sends v1= and 64 hex digits, comma-separated; " + Self.hint)
            }
            return PresentedSignature(scheme: self, macs: macs)
        case .terraform:
            guard let mac = Self.hex(Substring(value.trimmingCharacters(in: .whitespaces)), bytes: 64) else {
                throw .unauthorized("malformed signature", field: header, hint: "Terraform sends 128 hex digits (HMAC-SHA512); " + Self.hint)
            }
            return PresentedSignature(scheme: self, macs: [mac])
        case .sentry:
            guard let mac = Self.hex(Substring(value)) else {
                throw .unauthorized("malformed signature", field: header, hint: "Sentry sends 64 hex digits; " + Self.hint)
            }
            return PresentedSignature(scheme: self, macs: [mac])
        case .standardWebhooks:
            guard let id = headers[HTTPField.Name("webhook-id")!], !id.isEmpty, !id.contains(".") else {
                throw .unauthorized(
                    "missing webhook-id", field: "webhook-id", hint: "Standard Webhooks senders send webhook-id, webhook-timestamp and webhook-signature")
            }
            guard let tsText = headers[HTTPField.Name("webhook-timestamp")!], let seconds = Int64(tsText) else {
                throw .unauthorized("missing or malformed webhook-timestamp", field: "webhook-timestamp", hint: "send the attempt's Unix time in seconds")
            }
            let sent = Timestamp(milliseconds: seconds * 1000)
            guard abs((now - sent).milliseconds) <= Self.tolerance.milliseconds else {
                throw .unauthorized(
                    "webhook-timestamp is more than 5 minutes from the server's clock", field: "webhook-timestamp",
                    hint: "a message is accepted within 5 minutes of being signed: resend it signed anew, and check both clocks")
            }
            let macs = value.split(separator: " ").compactMap { part -> [UInt8]? in
                guard part.hasPrefix("v1,"), let d = Data(base64Encoded: String(part.dropFirst(3))), d.count == 32 else { return nil }
                return Array(d)
            }
            guard !macs.isEmpty else {
                throw .unauthorized("malformed signature", field: header, hint: "Standard Webhooks sends v1, and a base64 HMAC-SHA256, space-separated")
            }
            let message = "\(id).\(tsText)"
            guard !replays.wasAccepted(message, at: now) else { throw Self.replayed }
            return PresentedSignature(scheme: self, macs: macs, prefix: Array((message + ".").utf8), replay: (message, sent + Self.tolerance))
        }
    }

    static let hint = "sign the raw body with the token's secret (see docs/server.md), or send Authorization: Bearer TOKEN"

    static let replayed = APIError.unauthorized(
        "replayed message", field: "webhook-id",
        hint: "this webhook-id and webhook-timestamp were already accepted; a retry is signed anew with a new timestamp")

    /// `bytes` bytes from twice as many hex digits; `nil` for anything else.
    static func hex(_ text: Substring, bytes: Int = 32) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 2 * bytes else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes)
        for i in stride(from: 0, to: 2 * bytes, by: 2) {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A request's signature in its scheme's form, checked against the body once it is read.
struct PresentedSignature {
    let scheme: WebhookSignature
    /// The HMACs presented (several while a producer rotates its secret).
    let macs: [[UInt8]]
    /// What the scheme signs before the body (Standard Webhooks: `{id}.{timestamp}.`).
    var prefix: [UInt8] = []
    /// A Standard Webhooks message, accepted once until its timestamp leaves the window.
    var replay: (key: String, expires: Timestamp)?

    /// The token whose secret made the signature of `body`, checked in constant time against each of
    /// `secrets`; a Standard Webhooks message is accepted once.
    func verify(body: [UInt8], secrets: [(token: APIToken, secret: TokenSecret)], now: Timestamp, replays: ReplayGuard) throws(APIError) -> APIToken {
        let signed = prefix + body
        for (token, secret) in secrets {
            let key = SymmetricKey(data: scheme == .standardWebhooks ? secret.standardWebhooksKey : Array(secret.text.utf8))
            let valid: ([UInt8]) -> Bool =
                scheme == .terraform
                ? { HMAC<SHA512>.isValidAuthenticationCode($0, authenticating: signed, using: key) }
                : { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: signed, using: key) }
            guard macs.contains(where: valid) else { continue }
            if let replay, !replays.accept(replay.key, at: now, expires: replay.expires) { throw WebhookSignature.replayed }
            return token
        }
        let whose = scheme == .standardWebhooks ? "no active token's whsec_ secret signs this message" : "no active token's secret signs this body"
        throw .unauthorized("signature does not match", field: scheme.header, hint: "\(whose); " + WebhookSignature.hint)
    }
}
