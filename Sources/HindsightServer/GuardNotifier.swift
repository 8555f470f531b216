import Crypto
import Foundation
import Hindsight
import HindsightFormats
import HindsightStore

/// Builds what the guard sends: for each configured target, the body of a `failing` or `recovered` notification,
/// keyed so each is queued once, and the headers of each attempt (a Standard Webhooks signature made anew with the
/// attempt's timestamp, over the same `webhook-id` and body).
package struct GuardNotifier: Sendable {
    /// One target with the key the store files its notifications under (a digest of its URL, never the URL).
    package struct Target: Sendable {
        package var config: GuardConfig.Target
        package var isSlack: Bool
        package var key: String

        package init(_ config: GuardConfig.Target, isSlack: Bool) {
            self.config = config
            self.isSlack = isSlack
            key = (isSlack ? "slack:" : "webhook:") + GuardNotifier.hex(SHA256.hash(data: Array(config.url.utf8))).prefix(16)
        }
    }

    package var targets: [Target]
    /// The site's base URL for links; `nil`: links are paths.
    package var site: String?

    package init(config: GuardConfig) {
        targets = config.webhooks.map { Target($0, isSlack: false) } + config.slack.map { Target($0, isSlack: true) }
        site = config.site
    }

    /// The notifications of one verdict for every target.
    package func notifications(_ kind: GuardNotification.Kind, _ verdict: GuardVerdict) -> [GuardNotification] {
        let change = verdict.exposure.steps.first?.id ?? verdict.change.id
        return targets.map { t in
            let id = "msg_" + Self.hex(SHA256.hash(data: Array("\(verdict.incident)\u{1F}\(kind.rawValue)\u{1F}\(t.key)".utf8))).prefix(24)
            let body = t.isSlack ? slackBody(kind, verdict) : webhookBody(kind, verdict)
            return GuardNotification(change: change, target: t.key, kind: kind, messageID: String(id), body: body, createdAt: verdict.evaluatedAt)
        }
    }

    /// The link to the incident's page.
    func link(_ incident: String) -> String { (site ?? "") + "/incidents/" + HindsightServer.pathSegment(incident) }

    /// Standard Webhooks' recommended shape: `type`, `timestamp`, `data` (the verdict's JSON, the incident and its link).
    func webhookBody(_ kind: GuardNotification.Kind, _ verdict: GuardVerdict) -> String {
        var w = JSONWriter()
        w.string("type", "guard.\(kind.rawValue)")
        w.string("timestamp", verdict.evaluatedAt.rfc3339)
        let data = String(verdict.json.dropLast()) + "," + JSONWriter.quoted("url") + ":" + JSONWriter.quoted(link(verdict.incident)) + "}"
        w.raw("data", data)
        return w.finished()
    }

    /// A Slack incoming webhook's message: `text` (the fallback and the notification) and blocks with the evidence.
    /// Event text is escaped as Slack requires (`&`, `<`, `>`), so it can neither link nor mention anyone.
    func slackBody(_ kind: GuardNotification.Kind, _ verdict: GuardVerdict) -> String {
        let e = Self.slackEscaped
        let change = verdict.exposure.steps.first?.id ?? verdict.change.id
        let headline =
            kind == .failing
            ? ":rotating_light: \(e(change)) is failing on \(e(verdict.change.service))"
            : ":white_check_mark: \(e(change)) recovered on \(e(verdict.change.service))"
        let detail = kind == .failing ? verdict.summary : (verdict.recovery ?? verdict.summary)
        let reasons = verdict.evidence.filter { $0.llr > 0 }.prefix(3).map { "• " + e($0.text) }
        var lines = [e(detail)] + reasons
        lines.append("<\(link(verdict.incident))|\(e(verdict.incident))>")
        var section = JSONWriter()
        section.string("type", "section")
        var text = JSONWriter()
        text.string("type", "mrkdwn")
        text.string("text", "*\(headline)*\n" + lines.joined(separator: "\n"))
        section.raw("text", text.finished())
        var w = JSONWriter()
        w.string("text", headline + ": " + e(detail))
        w.raw("blocks", JSONWriter.array([section.finished()]))
        return w.finished()
    }

    /// The headers of one attempt: JSON, and for a webhook target the Standard Webhooks id, timestamp and signature.
    package func headers(for n: GuardNotification, at: Timestamp) -> [(String, String)] {
        var headers = [("Content-Type", "application/json"), ("User-Agent", "hindsight-guard")]
        guard let target = targets.first(where: { $0.key == n.target }), let secret = target.config.secret else { return headers }
        let timestamp = String(at.milliseconds / 1000)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(n.messageID).\(timestamp).\(n.body)".utf8), using: SymmetricKey(data: secret))
        headers += [("webhook-id", n.messageID), ("webhook-timestamp", timestamp), ("webhook-signature", "v1," + Data(mac).base64EncodedString())]
        return headers
    }

    /// `&`, `<` and `>` as Slack's `&amp;`, `&lt;`, `&gt;`.
    static func slackEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
