import HTTPTypes
import Hindsight
import Hummingbird

/// The authentication of the guard's gates (`/v1/gates/…`): a token of scope read or more, as for every read, or — for a
/// caller such as Flagger that cannot set an `Authorization` header — the token in the body's `metadata.token`. The
/// body read before the token is checked is the gates' small limit, so an unauthenticated caller costs a few kilobytes.
struct GateMiddleware: RouterMiddleware {
    let server: HindsightServer

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        do {
            if request.headers[.authorization] == nil && context.session == nil {
                let body = try await request.collectBody(upTo: server.settings.gateLimit)
                if let token = FlaggerRequest.token(in: String(buffer: body)) {
                    do {
                        context.principal = try await server.bearerPrincipal(token)
                    } catch {
                        var e = error
                        e.field = "metadata.token"
                        throw e
                    }
                    try HindsightServer.authorize(context.principal!, for: .read)
                    return try await next(request, context)
                }
            }
            context.principal = try await server.principal(of: request, session: context.session, needs: .read)
        } catch let error as APIError {
            return server.refusal(error, to: request, session: nil)
        }
        return try await next(request, context)
    }
}
