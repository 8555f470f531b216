import Hindsight
import HindsightStore
import Hummingbird
import NIOCore

/// The authentication of `/v1/hooks/{format}`: the format must exist (404 listing them), then a bearer
/// token with write scope or that format's own token, or else the producer's signature made with such a
/// token's secret. Everything that can be checked without the body is checked before it is read: the
/// token, or the signature header's form, its timestamp and replay (Standard Webhooks), and whether any
/// token may sign for this hook at all. A signed body is then read under the server's `BodyBudget`
/// (503 when spent), checked, and handed on already read; its bytes go back to the budget as soon as
/// its signature fails, or when its request is done. Sets `context.principal`.
struct HookMiddleware: RouterMiddleware {
    let server: HindsightServer

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        var taken = 0
        do {
            let name = try context.pathParameter("format")
            guard HookFormat.named(name) != nil else {
                throw APIError(
                    .notFound, "unknown webhook format '\(name)'", field: "format",
                    hint: "post to /v1/hooks/FORMAT with one of: \(HookFormat.all.map(\.name).joined(separator: ", "))")
            }
            if let bearer = HindsightServer.bearer(request) {
                context.principal = try await bearerPrincipal(bearer, hook: name)
            } else {
                (context.principal, taken) = try await signer(&request, hook: name)
            }
        } catch let error as APIError {
            return error.response
        }
        defer { server.bodyBudget.giveBack(taken) }
        return try await next(request, context)
    }

    func bearerPrincipal(_ bearer: String, hook: String) async throws(APIError) -> Principal {
        let found = try await server.bearerPrincipal(bearer)
        if let format = found.format, format != hook {
            throw APIError(
                .forbidden, "token '\(found.name ?? "")' may only post to /v1/hooks/\(format)", field: "Authorization",
                hint: "post to /v1/hooks/\(format), or use a token with scope write for /v1/hooks/\(hook)")
        }
        if found.format == nil { try HindsightServer.authorize(found, for: .write) }
        return found
    }

    /// The token whose secret signed the body, and the budget's bytes the body holds until the request is done.
    func signer(_ request: inout Request, hook: String) async throws -> (Principal, taken: Int) {
        guard let scheme = WebhookSignature.presented(in: request.headers) else {
            let schemes = WebhookSignature.allCases.map(\.header).joined(separator: ", ")
            throw APIError.unauthorized(
                "no credentials", field: "Authorization",
                hint: "send Authorization: Bearer TOKEN, or sign the body with a token's secret (\(schemes))")
        }
        let now = server.settings.now()
        let presented = try scheme.presentedSignature(in: request.headers, now: now, replays: server.replays)
        let secrets = try await server.storeRead { [vault = server.vault] _ in try vault.signingSecrets(for: hook, now: now) }
        guard !secrets.isEmpty else {
            throw APIError.unauthorized(
                "no active token may sign for /v1/hooks/\(hook)", field: scheme.header,
                hint: "create one ('hindsight token create NAME --format \(hook)') and give its secret to the producer")
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
}
