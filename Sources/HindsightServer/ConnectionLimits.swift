/// How long, how slowly and how many clients may hold the server's connections (docs/server.md,
/// "Slow clients and limits"). A connection that breaks one of these is closed.
package struct ConnectionLimits: Sendable {
    /// A new connection's first request head (after the TLS handshake, when serving TLS) must be
    /// complete within this time; so must a kept-alive connection's next head from its first byte.
    package var headerTimeout: Duration = .seconds(10)
    /// A kept-alive connection with no request under way is closed after this time.
    package var idleTimeout: Duration = .seconds(60)
    /// A request body may keep the server waiting this long for its next bytes.
    package var bodyTimeout: Duration = .seconds(10)
    /// And, beyond that first `bodyTimeout` of waiting, must arrive at this many bytes per second on
    /// average (counting only the time the server was ready to read it).
    package var minBodyRate = 1024
    /// An answer may wait this long for a client that stopped reading it.
    package var sendTimeout: Duration = .seconds(30)
    /// A request answered before its body was read (a refusal) is closed after the answer; the
    /// server reads and drops what is still arriving for at most this long, and `lingerBytes`, so the
    /// client sees the answer rather than a reset.
    package var lingerTime: Duration = .seconds(2)
    package var lingerBytes = 1024 * 1024
    /// Connections open at once. At the cap a new connection takes the place of the one that has
    /// waited longest for a request head (a slow or idle client); when every connection is in the
    /// middle of a request, it gets one of the `reserved` slots, which answer only `/healthz` and
    /// `/metrics`.
    package var maxConnections = 1000
    package var reserved = 16

    package init() {}

    /// `maxConnections` lowered so that it, the reserve and the store's own files fit under the
    /// process's limit of open files (`ulimit -n`); the unlowered value when it fits.
    package func fitting(openFileLimit: Int) -> ConnectionLimits {
        var limits = self
        limits.maxConnections = max(1, min(maxConnections, openFileLimit - reserved - Self.filesForStore))
        return limits
    }

    /// Descriptors kept for the store (SQLite's files per connection, PostgreSQL's sockets), the
    /// listener, the key file and logs.
    static let filesForStore = 96
}
