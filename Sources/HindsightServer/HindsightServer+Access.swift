import Foundation
import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// Who is asking for a route that needs `scope`: a bearer token, else the login session's token,
    /// else, for reads with `--open-read`, anyone. Throws the 401 (no or bad credentials) or 403 (a
    /// token whose scope or format does not allow it) to answer.
    func principal(of request: Request, session: Session?, needs scope: TokenScope) async throws(APIError) -> Principal {
        let found: Principal
        if let bearer = Self.bearer(request) {
            found = try await bearerPrincipal(bearer)
        } else if let session, let token = try await activeToken(named: session.tokenName) {
            found = Principal(token: token, credential: .session)
        } else if scope == .read && settings.openRead {
            return .anonymousReader
        } else {
            throw APIError.unauthorized(
                "no credentials", field: "Authorization",
                hint: scope == .read
                    ? "send Authorization: Bearer TOKEN, log in at /login, or start the server with --open-read"
                    : "send Authorization: Bearer TOKEN with a \(scope.rawValue) token ('hindsight token create NAME --scope \(scope.rawValue)')")
        }
        try Self.authorize(found, for: scope)
        return found
    }

    /// The principal of a bearer token, or the 401 for an unknown, revoked or expired one.
    func bearerPrincipal(_ bearer: String) async throws(APIError) -> Principal {
        let now = settings.now()
        let check = try await storeRead { [vault, tokens] store in vault.authenticate(bearer: bearer, now: now, among: try tokens.tokens(in: store)) }
        switch check {
        case .valid(let token):
            return Principal(token: token, credential: .bearer)
        case .expired(let token):
            throw APIError.unauthorized(
                "token '\(token.name)' expired at \(token.expiresAt?.rfc3339 ?? "?")", field: "Authorization",
                hint: "use another token, or give this one a new secret and lifetime ('hindsight token rotate \(token.name) --expires 90d')")
        case .unknown:
            throw APIError.unauthorized(
                "unknown or revoked token", field: "Authorization", hint: "send Authorization: Bearer TOKEN with an active token ('hindsight token list')")
        }
    }

    /// The 403 when `principal` may not do what `scope` allows: a format token anywhere but its hook, or too small a scope.
    static func authorize(_ principal: Principal, for scope: TokenScope) throws(APIError) {
        let name = principal.name ?? "anonymous"
        if let format = principal.format {
            throw APIError(
                .forbidden, "token '\(name)' may only post to /v1/hooks/\(format)", field: "Authorization",
                hint: "use a token made without --format for this route, and keep '\(name)' for its hook")
        }
        guard principal.scope.allows(scope) else {
            throw APIError(
                .forbidden, "token '\(name)' has scope \(principal.scope.rawValue); this request needs scope \(scope.rawValue)",
                field: "Authorization", hint: "use a token with scope \(scope.rawValue) or more ('hindsight token create NAME --scope \(scope.rawValue)')")
        }
    }

    /// The active, unexpired token `name`, if any (a login session's).
    func activeToken(named name: String) async throws(APIError) -> APIToken? {
        let now = settings.now()
        return try await storeRead { [tokens] store in try tokens.tokens(in: store).first { $0.name == name && $0.isActive(at: now) } }
    }

    /// A store read whose failure is an `APIError` (503 while busy, else 500).
    func storeRead<T: Sendable>(_ body: @escaping @Sendable (EventStore) throws -> T) async throws(APIError) -> T {
        do {
            return try await executor.read(body)
        } catch {
            throw Self.apiError(error)
        }
    }

    /// `Authorization: Bearer X` → X.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// The answer to a refused request: JSON `{"error", "field", "hint"}` on the API; on a page, the
    /// login form for a GET without credentials, else an HTML page with the same status and words.
    func refusal(_ error: APIError, to request: Request, session: Session?) -> Response {
        guard !request.uri.path.hasPrefix("/v1/") else { return error.response }
        if error.status == .unauthorized && (request.method == .get || request.method == .head) {
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return Response(status: .seeOther, headers: [.location: "/login?next=" + Self.queryValue(next)])
        }
        guard (request.headers[.accept] ?? "").contains("text/html") else { return error.response }
        let html = "<h1>\(h(error.error))</h1>\n<p>\(h(error.hint))</p>\n<p><a href=\"/\">All incidents</a></p>"
        return Self.html(PageLayout.page(title: error.error, body: html, session: session), status: error.status)
    }
}
