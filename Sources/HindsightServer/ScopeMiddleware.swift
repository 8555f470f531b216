import HindsightStore
import Hummingbird

/// The authentication of the read, write and admin groups: a bearer token, or the login session's
/// token (or, for reads with `--open-read`, anyone), whose scope allows `scope`. Sets
/// `context.principal`; refuses with 401/403 before the handler runs or the body is read.
struct ScopeMiddleware: RouterMiddleware {
    let server: HindsightServer
    let scope: TokenScope

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        do {
            context.principal = try await server.principal(of: request, session: context.session, needs: scope)
        } catch {
            return server.refusal(error, to: request, session: nil)
        }
        return try await next(request, context)
    }
}
