import Foundation
import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird
import NIOCore

/// The authentication of the intake routes. `/v1/hooks/{format}`: the format must exist (404 listing
/// them), then a bearer token with write scope or that format's own token — sent as `Authorization:
/// Bearer`, as the password of `Authorization: Basic` (producers that only take a URL with user info,
/// like Jenkins' Notification plugin), or as `?token=` (producers that only take a URL) — or else the
/// producer's signature made with such a token's secret. `/v1/events`: a write token as a bearer (or
/// Basic password), or its Standard Webhooks signature. Everything but a signature is checked before
/// the body is read; a signed body is read (within the group's limit) to check it, and handed on
/// already read. Sets `context.principal`.
struct HookMiddleware: RouterMiddleware {
    /// Which intake route the group serves.
    enum Route {
        case hook, events
    }

    let server: HindsightServer
    let route: Route

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        do {
            var hook: String?
            if route == .hook {
                let name = try context.pathParameter("format")
                let mappings = server.settings.adapters.mappings
                guard HookFormat.named(name, mappings: mappings) != nil else {
                    throw APIError(
                        .notFound, "unknown webhook format '\(name)'", field: "format",
                        hint: "post to /v1/hooks/FORMAT with one of: \(HookFormat.names(mappings: mappings).joined(separator: ", "))")
                }
                hook = name
            }
            context.principal = try await principal(&request, hook: hook)
        } catch let error as APIError {
            return error.response
        }
        return try await next(request, context)
    }

    func principal(_ request: inout Request, hook: String?) async throws -> Principal {
        let route = hook.map { "/v1/hooks/\($0)" } ?? "/v1/events"
        if let (token, field) = Self.presentedToken(request, hook: hook) {
            let found: Principal
            do {
                found = try await server.bearerPrincipal(token)
            } catch {
                var refused = error
                refused.field = field
                throw refused
            }
            if let format = found.format {
                guard format == hook else {
                    throw APIError(
                        .forbidden, "token '\(found.name ?? "")' may only post to /v1/hooks/\(format)", field: field,
                        hint: "post to /v1/hooks/\(format), or use a token with scope write for \(route)")
                }
            } else {
                try HindsightServer.authorize(found, for: .write)
            }
            return found
        }
        let schemes = hook == nil ? [WebhookSignature.standardWebhooks] : WebhookSignature.allCases
        guard let scheme = WebhookSignature.presented(in: request.headers, among: schemes) else {
            throw APIError.unauthorized(
                "no credentials", field: "Authorization",
                hint: hook == nil
                    ? "send Authorization: Bearer TOKEN with a write token, or sign the body with its secret (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)"
                    : "send Authorization: Bearer TOKEN, or sign the body with a token's secret (\(schemes.map(\.header).joined(separator: ", "))); "
                        + "a producer that only takes a URL sends ?token=TOKEN")
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

    /// The token a request presents and the field that carries it: a bearer token, the password of
    /// Basic credentials, or, on hooks only, the `token` query parameter.
    static func presentedToken(_ request: Request, hook: String?) -> (token: String, field: String)? {
        if let bearer = HindsightServer.bearer(request) { return (bearer, "Authorization") }
        if let value = request.headers[.authorization] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "basic", let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)) {
                let pair = String(decoding: decoded, as: UTF8.self)
                let password = pair.firstIndex(of: ":").map { String(pair[pair.index(after: $0)...]) } ?? pair
                if !password.isEmpty { return (password, "Authorization") }
            }
        }
        if hook != nil, let token = request.uri.queryParameters.get("token"), !token.isEmpty { return (token, "token") }
        return nil
    }
}
