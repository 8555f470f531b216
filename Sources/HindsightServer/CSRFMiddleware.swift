import HTTPTypes
import Hummingbird

/// The browser's side of every state-changing request made with a login session or with no credential
/// at all (`/login`), never with a bearer token or a producer's signature (a browser cannot send those
/// across sites): the form must come from this server's own origin
/// (`Origin`, else `Referer`), and with a login session it must carry that session's CSRF token, as
/// the form field `csrf` or the header `X-CSRF-Token`. A url-encoded body is parsed once into
/// `context.form` for the handler. Runs after the group's authentication, which says how the request
/// proved itself.
struct CSRFMiddleware: RouterMiddleware {
    let server: HindsightServer

    static let header = HTTPField.Name("X-CSRF-Token")!
    /// The form field every state-changing form carries (`PageLayout.csrfField`).
    static let field = "csrf"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        // Nothing a browser sends on its own vouches for these: a bearer token, a signature, or nothing at
        // all where reads are open (a cross-site form gains no one's authority there).
        if let credential = context.principal?.credential, credential != .session {
            return try await next(request, context)
        }
        var request = request
        var context = context
        do {
            try RequestTransport(settings: server.settings).checkSameOrigin(request)
            if (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") {
                let body = try await request.collectBody(upTo: .max)
                context.form = FormFields(String(buffer: body))
            }
            if let session = context.session {
                guard session.accepts(csrf: context.form?[Self.field] ?? request.headers[Self.header]) else {
                    throw APIError(
                        .forbidden, "the form's CSRF token is missing or not this session's", field: Self.field,
                        hint: "reload the page and submit the form again; a form made elsewhere cannot act for you")
                }
            }
        } catch let error as APIError {
            return server.refusal(error, to: request, session: context.session)
        }
        return try await next(request, context)
    }
}
