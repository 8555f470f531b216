import Foundation
import Hindsight
import HindsightFormats
import HindsightReport

/// How `hindsight serve` behaves: where it listens, who may read, how large a body may be.
package struct ServerSettings: Sendable {
    package var host = "127.0.0.1"
    package var port = 8080
    /// Reads (JSON API and pages) need no token.
    package var openRead = false
    /// The largest request body accepted, in bytes; larger ones get 413.
    package var bodyLimit = 10 * 1024 * 1024
    /// The analysis options of incident pages and the JSON API.
    package var analysis = AnalysisOptions()
    /// The post-mortem template incident pages render.
    package var template: PostmortemTemplate
    /// The SLO targets the drafts weigh an incident's error budget against (`[slo]` in hindsight.toml).
    package var objectives = ServiceObjectives.none
    /// The clock: receipt times, signature windows, sessions.
    package var now: @Sendable () -> Timestamp = ServerSettings.systemClock
    /// How long a login session lasts.
    package var sessionLength = TimeSpan.hours(12)
    /// The server itself serves HTTPS: session cookies are `Secure`, and forms' origin is `https://`.
    /// Set by `serveTLS`, or alone in tests that drive the router in process.
    package var tls = false
    /// The certificate the listener serves HTTPS with (`serveTLS`).
    package private(set) var certificate: ServerCertificate?
    /// A proxy in front says how the request came: `X-Forwarded-Proto: https` makes it secure
    /// (`RequestTransport`). Only set it when every request comes through that proxy.
    package var behindProxy = false
    /// The largest form body (team actions, the guard's gates) read before its CSRF token is checked.
    package var formLimit = 64 * 1024
    /// The largest body of a request that has proved nothing yet (the login form).
    package var publicLimit = 4 * 1024
    /// Timeouts, minimum rates and the cap on connections.
    package var connections = ConnectionLimits()
    /// The most bytes of signed webhook bodies read at once, across all connections, before their
    /// signatures are checked; a body beyond it waits for none and gets 503 with `Retry-After`.
    package var unverifiedBodyBudget = 64 * 1024 * 1024
    /// How long a write may wait for the store (another process holding SQLite's write lock, other
    /// requests ahead of it) before it is answered 503 with `Retry-After`; producers retry.
    package var writeWait = Duration.seconds(8)
    /// The clock the write wait is measured on (tests move it by hand).
    package var waitClock: any WaitClock = SystemWaitClock()
    /// The readers' settings from hindsight.toml (service labels, routing keys, `[[mapping]]` tables);
    /// each request adds its receipt time.
    package var adapters = AdapterOptions()

    /// How long a request may wait for the store before it is answered 503.
    package var requestTimeLimit = Duration.seconds(30)

    package init(template: PostmortemTemplate) { self.template = template }

    /// Serves HTTPS with `certificate`; every request is then secure.
    package mutating func serveTLS(_ certificate: ServerCertificate) {
        self.certificate = certificate
        tls = true
    }

    /// The wall clock, to the millisecond.
    package static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
