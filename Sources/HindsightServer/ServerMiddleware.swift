import HTTPTypes
import Hummingbird
import Logging

/// One log line per request (client address, method, path, status, milliseconds, events stored), the
/// request metrics, JSON errors for unknown API routes, and the security headers every response
/// carries. A request on one of the connections reserved beyond the cap is answered here unless it
/// asks for `/healthz` or `/metrics`.
struct ServerMiddleware: RouterMiddleware {
    let metrics: ServerMetrics
    let connections: ConnectionRegistry
    let transport: RequestTransport
    let logger: Logger

    /// What a connection in the reserve may ask for.
    static let reservedRoutes: Set<String> = ["/healthz", "/metrics"]

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        context.connection = connections.connection(of: context.channel)
        var response: Response
        if context.connection?.reserved == true && !Self.reservedRoutes.contains(request.uri.path) {
            response =
                APIError(
                    .serviceUnavailable, "the server is at its connection limit", field: nil,
                    hint: "retry shortly; /healthz answers even now", headers: [("Retry-After", "1"), ("Connection", "close")]
                ).response
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                if request.uri.path.hasPrefix("/v1/") || error.status != .notFound {
                    response =
                        APIError(
                            error.status, error.status == .notFound ? "no such route" : error.status.reasonPhrase,
                            field: nil, hint: "see docs/server.md for the routes"
                        ).response
                } else {
                    response = try error.response(from: request, context: context)
                }
            }
        }
        if context.connection?.reserved == true { response.headers[.connection] = "close" }
        let stored = response.headers[ServerHeaders.eventsStored]
        response.headers[ServerHeaders.eventsStored] = nil
        response.headers[.contentSecurityPolicy] = ServerHeaders.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // Not no-referrer: under it a browser sends `Origin: null` with the pages' own forms, which the
        // CSRF middleware must then refuse; same-origin sends nothing to other sites.
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var line = "\(transport.clientAddress(request, channel: context.channel)) \(request.method) \(request.uri.path) \(response.status.code)"
        line += " \(String(format: "%.1f", ms)) ms"
        if let stored { line += " stored=\(stored)" }
        if response.status.code == BodyLimitMiddleware.clientClosedRequest.code { line += " (the client closed the connection mid-body)" }
        logger.info("\(line)")
        metrics.request(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code)
        return response
    }
}

/// The headers the server sets on its own.
enum ServerHeaders {
    /// The header an intake handler reports its stored events in; removed before the response leaves.
    static let eventsStored = HTTPField.Name("X-Hindsight-Events-Stored")!

    /// No scripts, no plugins, styles and images from the server itself, forms only to it, no framing.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}
