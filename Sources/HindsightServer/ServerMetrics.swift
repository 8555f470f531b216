import Prometheus

/// The server's Prometheus metrics, served at `/metrics`: requests by route and status, events
/// stored by format, ingest latency by format, connections the server closed by reason.
package final class ServerMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()

    package init() {}

    func request(method: String, route: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests answered, by method, route and status."),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
    }

    func stored(format: String, events: Int, read: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "events_stored", unitName: "total",
                helpText: "Events newly stored through the server, by format."),
            labels: [("format", format)]
        ).increment(by: Int64(events))
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "events_received", unitName: "total",
                helpText: "Events read from request bodies (new or already stored), by format."),
            labels: [("format", format)]
        ).increment(by: Int64(read))
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "ingest_duration", unitName: "seconds",
                helpText: "Time to decode and store one request's events, by format."),
            labels: [("format", format)],
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
            ]
        ).record(duration)
    }

    /// A connection the server closed, by why (`ConnectionCut`).
    func connectionCut(_ cut: ConnectionCut) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "connections_closed", unitName: "total",
                helpText: "Connections the server closed: slow or idle clients, refusals, evictions at the connection cap."),
            labels: [("reason", cut.label)]
        ).increment()
    }

    /// A view of a cached page: served from the cache, or rendered.
    func pageView(cached: Bool) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "page_views", unitName: "total",
                helpText: "Views of the incident pages, by whether the page cache served them (hit) or they were rendered (miss)."),
            labels: [("cache", cached ? "hit" : "miss")]
        ).increment()
    }

    /// The exposition text, with the connections open, the requests being answered, the unverified body bytes
    /// being read and the bytes of the pages cached now.
    func text(connections: ConnectionRegistry, inFlight: Int, budget: BodyBudget, pages: PageCache) -> String {
        let open = connections.open
        for (kind, n) in [("regular", open.regular), ("reserved", open.reserved)] {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "hindsight", metricName: "connections_open",
                    helpText: "Connections open now: regular, and reserved beyond the cap (they answer only /healthz and /metrics)."),
                labels: [("slot", kind)]
            ).set(Int64(n))
        }
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "requests_in_flight",
                helpText: "Requests being answered now, this one included; a shutdown waits for them.")
        ).set(Int64(inFlight))
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "unverified_body", unitName: "bytes",
                helpText: "Bytes of signed webhook bodies being read before their signatures are checked.")
        ).set(Int64(budget.inUse))
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "hindsight", metricName: "page_cache", unitName: "bytes",
                helpText: "Bytes of the rendered pages cached now.")
        ).set(Int64(pages.bytes))
        return registry.emitToString()
    }
}
