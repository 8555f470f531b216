import Hindsight
import HindsightStore
import Hummingbird
import NIOCore

/// The authentication of `/v1/hooks/{format}`: the format must exist (404 listing them), then a bearer
/// token with write scope or that format's own token, or else the producer's signature made with such a
/// token's secret. Everything but a signature is checked before the body is read; a signed body is
/// read (within the group's limit) to check it, and handed on already read. Sets `context.principal`.
struct HookMiddleware: RouterMiddleware {
    let server: HindsightServer

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        do {
            let name = try context.pathParameter("format")
            guard HookFormat.named(name) != nil else {
                throw APIError(
                    .notFound, "unknown webhook format '\(name)'", field: "format",
                    hint: "post to /v1/hooks/FORMAT with one of: \(HookFormat.all.map(\.name).joined(separator: ", "))")
            }
            context.principal = try await principal(&request, hook: name)
        } catch let error as APIError {
            return error.response
        }
        return try await next(request, context)
    }

    func principal(_ request: inout Request, hook: String) async throws -> Principal {
        if let bearer = HindsightServer.bearer(request) {
            let found = try await server.bearerPrincipal(bearer)
            if let format = found.format, format != hook {
                throw APIError(
                    .forbidden, "token '\(found.name ?? "")' may only post to /v1/hooks/\(format)", field: "Authorization",
                    hint: "post to /v1/hooks/\(format), or use a token with scope write for /v1/hooks/\(hook)")
            }
            if found.format == nil { try HindsightServer.authorize(found, for: .write) }
            return found
        }
        guard let scheme = WebhookSignature.presented(in: request.headers) else {
            let schemes = WebhookSignature.allCases.map(\.header).joined(separator: ", ")
            throw APIError.unauthorized(
                "no credentials", field: "Authorization",
                hint: "send Authorization: Bearer TOKEN, or sign the body with a token's secret (\(schemes))")
        }
        let body = try await request.collectBody(upTo: .max)
        let now = server.settings.now()
        let secrets = try await server.storeRead { [vault = server.vault] _ in try vault.signingSecrets(for: hook, now: now) }
        let token = try scheme.verify(
            body: Array(buffer: body), headers: request.headers, secrets: secrets, now: now, replays: server.replays)
        let signer = Principal(token: token, credential: .signature)
        if signer.format == nil { try HindsightServer.authorize(signer, for: .write) }
        return signer
    }
}
