import HTTPTypes
import Hummingbird

/// Answers 503 once the server is shutting down and counts the requests in flight, so the shutdown
/// waits for them (`ShutdownGate`).
struct RequestGateMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: ShutdownGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard gate.enter() else {
            return APIError(
                .serviceUnavailable, "the server is shutting down", hint: "retry shortly, or on another server of the same store",
                headers: [("Retry-After", "5"), ("Connection", "close")]
            ).response
        }
        defer { gate.leave() }
        return try await next(request, context)
    }
}
