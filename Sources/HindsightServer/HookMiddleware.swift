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
/// Basic password), or its Standard Webhooks signature. Everything that can be checked without the
/// body is checked before it is read: the token, or the signature header's form, its timestamp and
/// replay (Standard Webhooks), and whether any token may sign for this route at all. A signed body is
/// then read under the server's `BodyBudget` (503 when spent), checked, and handed on already read;
/// its bytes go back to the budget as soon as its signature fails, or when its request is done. Sets
/// `context.principal`.
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
        var taken = 0
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
            (context.principal, taken) = try await principal(&request, hook: hook)
        } catch let error as APIError {
            return error.response
        }
        defer { server.bodyBudget.giveBack(taken) }
        return try await next(request, context)
    }

    /// Who sent the request, and the budget's bytes its signed body holds until the request is done.
    func principal(_ request: inout Request, hook: String?) async throws -> (Principal, taken: Int) {
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
            return (found, 0)
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
        let now = server.settings.now()
        let presented = try scheme.presentedSignature(in: request.headers, now: now, replays: server.replays)
        let secrets = try await server.storeRead { [vault = server.vault, tokens = server.tokens] store in
            vault.signingSecrets(for: hook, now: now, among: try tokens.tokens(in: store))
        }
        guard !secrets.isEmpty else {
            throw APIError.unauthorized(
                "no active token may sign for \(route)", field: scheme.header,
                hint: hook.map { "create one ('hindsight token create NAME --format \($0)') and give its secret to the producer" }
                    ?? "create a write token ('hindsight token create NAME --scope write') and give its whsec_ secret to the sender")
        }
        let (body, taken) = try await readWithinBudget(request)
        do {
            let token = try presented.verify(body: body, secrets: secrets, now: now, replays: server.replays)
            let signer = Principal(token: token, credential: .signature)
            if signer.format == nil { try HindsightServer.authorize(signer, for: .write) }
            request.body = RequestBody(buffer: ByteBuffer(bytes: body))
            return (signer, taken)
        } catch {
            server.bodyBudget.giveBack(taken)
            throw error
        }
    }

    /// The body, its bytes taken from the budget as they arrive (all at once when its length is
    /// declared); the 503 as soon as the budget cannot take them, giving back what was taken.
    func readWithinBudget(_ request: Request) async throws -> (body: [UInt8], taken: Int) {
        let budget = server.bodyBudget
        var taken = 0
        func take(_ bytes: Int) throws(APIError) {
            guard budget.take(bytes) else {
                throw APIError(
                    .serviceUnavailable, "too many signed webhook bodies are being read at once", field: nil,
                    hint: "retry shortly; nothing from this request was stored", headers: [("Retry-After", "1")])
            }
            taken += bytes
        }
        do {
            let declared = request.headers[.contentLength].flatMap(Int.init)
            if let declared { try take(declared) }
            var body: [UInt8] = []
            body.reserveCapacity(declared ?? 0)
            for try await chunk in request.body {
                if declared == nil { try take(chunk.readableBytes) }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return (body, taken)
        } catch {
            budget.giveBack(taken)
            throw error
        }
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
