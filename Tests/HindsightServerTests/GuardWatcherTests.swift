import Crypto
import Foundation
import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The watcher with an injected clock, notifying a receiver on loopback: it turns failing once, notifies once per
/// target, signs the webhook, retries on 500, never sends twice (not even after a restart), and reports a recovery once.
@Suite(.serialized) struct GuardWatcherTests {
    /// What the loopback receiver got, and the statuses it answers with, per path, in turn (then 200).
    final class Receiver: Sendable {
        struct Request: Sendable {
            var path: String
            var headers: HTTPFields
            var body: String
        }
        let requests = Mutex<[Request]>([])
        let statuses: Mutex<[String: [Int]]>

        init(statuses: [String: [Int]]) { self.statuses = Mutex(statuses) }

        var router: Router<BasicRequestContext> {
            let router = Router()
            for path in ["/hook", "/slack"] {
                router.post(RouterPath(path)) { request, _ -> Response in
                    var request = request
                    let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
                    self.requests.withLock { $0.append(Request(path: path, headers: request.headers, body: body)) }
                    let status = self.statuses.withLock { s in s[path]?.isEmpty == false ? s[path]!.removeFirst() : 200 }
                    return Response(status: HTTPResponse.Status(code: status))
                }
            }
            return router
        }

        func got(_ path: String) -> [Request] { requests.withLock { $0.filter { $0.path == path } } }
    }

    static let secret = Array(repeating: UInt8(7), count: 32)

    static func config(port: Int) -> GuardConfig {
        var c = GuardConfig()
        c.site = "https://hindsight.example.com"
        c.webhooks = [GuardConfig.Target(url: "http://127.0.0.1:\(port)/hook", secret: secret)]
        c.slack = [GuardConfig.Target(url: "http://127.0.0.1:\(port)/slack")]
        return c
    }

    static func watcher(_ store: EventStore, port: Int) -> GuardWatcher {
        GuardWatcher(
            executor: StoreExecutor(store: store), options: GuardOptions(), config: config(port: port), delivery: URLSessionDelivery(timeout: 5),
            now: { ServerFixture.now })
    }

    @Test(arguments: TestBackend.available) func failingOnceNotifiesOnceSignedAndRetried(_ backend: TestBackend) async throws {
        let store = try GuardRoutesTests.store(backend)
        let receiver = Receiver(statuses: ["/hook": [500]])
        let now = ServerFixture.now
        try await Application(router: receiver.router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let port = try #require(client.port)
            let watcher = Self.watcher(store, port: port)
            let tick = try await watcher.tick(now: now)
            #expect(tick.raised == ["guard-deploy-checkout-5.14"])
            #expect(tick.judged["deploy-checkout-5.14"] == .failing)
            #expect(tick.judged["deploy-search-2.0"] == .healthy)

            let first = try await watcher.deliver(now: now)
            #expect(first.map(\.1).sorted() == ["HTTP 200", "HTTP 500"])
            #expect(receiver.got("/hook").count == 1)
            #expect(receiver.got("/slack").count == 1)
            // Not due again before the retry delay; then delivered.
            #expect(try await watcher.deliver(now: now + .seconds(10)).isEmpty)
            let retry = try await watcher.deliver(now: now + .seconds(30))
            #expect(retry.map(\.1) == ["HTTP 200"])
            let hooks = receiver.got("/hook")
            #expect(hooks.count == 2)

            // Standard Webhooks: the same id on every attempt, each signed anew with its own timestamp.
            for (attempt, seconds) in zip(hooks, [now.milliseconds / 1000, now.milliseconds / 1000 + 30]) {
                let id = try #require(attempt.headers[HTTPField.Name("webhook-id")!])
                #expect(id == hooks[0].headers[HTTPField.Name("webhook-id")!])
                #expect(attempt.headers[HTTPField.Name("webhook-timestamp")!] == String(seconds))
                let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(seconds).\(attempt.body)".utf8), using: SymmetricKey(data: Self.secret))
                #expect(attempt.headers[HTTPField.Name("webhook-signature")!] == "v1," + Data(mac).base64EncodedString())
                #expect(attempt.headers[.contentType] == "application/json")
            }
            let payload = jsonObject(hooks[0].body)
            #expect(payload["type"] as? String == "guard.failing")
            let data = try #require(payload["data"] as? [String: Any])
            #expect(data["change"] as? String == "deploy-checkout-5.14")
            #expect(data["verdict"] as? String == "failing")
            #expect(data["url"] as? String == "https://hindsight.example.com/incidents/guard-deploy-checkout-5.14")
            let slack = jsonObject(receiver.got("/slack")[0].body)
            #expect((slack["text"] as? String)?.hasPrefix(":rotating_light: deploy-checkout-5.14 is failing on checkout") == true)
            #expect(((slack["blocks"] as? [[String: Any]])?.first?["type"] as? String) == "section")

            // Judged again, and by a new watcher after a restart: nothing raised, nothing sent twice.
            #expect(try await watcher.tick(now: now + .minutes(1)).raised.isEmpty)
            #expect(try await watcher.deliver(now: now + .minutes(1)).isEmpty)
            let restarted = Self.watcher(store, port: port)
            #expect(try await restarted.tick(now: now + .minutes(2)).raised.isEmpty)
            #expect(try await restarted.deliver(now: now + .hours(2)).isEmpty)
            #expect(receiver.got("/hook").count == 2)
            #expect(receiver.got("/slack").count == 1)
        }
    }

    @Test func aRecoveryIsReportedOnce() async throws {
        let store = try GuardRoutesTests.store(.sqlite)
        let receiver = Receiver(statuses: [:])
        let now = ServerFixture.now
        try await Application(router: receiver.router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let watcher = Self.watcher(store, port: try #require(client.port))
            #expect(try await watcher.tick(now: now).raised == ["guard-deploy-checkout-5.14"])
            try await watcher.deliver(now: now)
            // Rolled back at 04:08; the canary's hosts stop failing; by 04:20 the rate is back.
            try store.insert([Event(id: "rb-5.14", time: now + .seconds(80), kind: .rollback, service: "checkout", reverts: "deploy-checkout-5.14")])
            let later = now + .minutes(14)
            let tick = try await watcher.tick(now: later)
            #expect(tick.recovered == ["guard-deploy-checkout-5.14"])
            try await watcher.deliver(now: later)
            #expect(try await watcher.tick(now: later + .minutes(1)).recovered.isEmpty)
            try await watcher.deliver(now: later + .minutes(1))
            let kinds = receiver.got("/hook").map { jsonObject($0.body)["type"] as? String }
            #expect(kinds == ["guard.failing", "guard.recovered"])
            #expect(
                try store.event(id: "guard-deploy-checkout-5.14-recovered")?.summary?.hasPrefix(
                    "the guard sees deploy-checkout-5.14 recovered: rollback rb-5.14 ended") == true)
        }
    }

    @Test func slackTextFromEventsIsEscaped() {
        let change = Event(id: "deploy-<@channel>&x", time: ServerFixture.now, kind: .deploy, service: "<!here>", version: "1")
        let verdict = GuardVerdict(
            change: change, outcome: .failing, failingProbability: 0.95, evidence: [],
            exposure: GuardExposure(steps: [change], percent: 100, percentRecorded: false),
            missing: [], signalsSince: 5, expectedSignals: 1, baselineRate: 2, incident: "guard-x", evaluatedAt: ServerFixture.now)
        let notifier = GuardNotifier(config: Self.config(port: 9))
        let slack = try! #require(notifier.notifications(.failing, verdict).first { $0.target.hasPrefix("slack:") })
        #expect(!slack.body.contains("<!here>"))
        #expect(!slack.body.contains("<@channel>"))
        #expect(slack.body.contains("&lt;!here&gt;"))
        #expect(slack.body.contains("deploy-&lt;@channel&gt;&amp;x"))
    }
}
