import Hindsight
import Hummingbird

/// Router-wide: reads the login session from its cookie (a genuine, unexpired one; nothing from the
/// store), so the groups' authentication and CSRF middleware and the pages find it in the context.
struct SessionMiddleware: RouterMiddleware {
    let sessions: SessionSigner
    let now: @Sendable () -> Timestamp

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let cookie = request.cookies[SessionSigner.cookieName] {
            context.session = sessions.session(from: cookie.value, now: now())
        }
        return try await next(request, context)
    }
}
