import HindsightStore
import Hummingbird

/// The server's route groups. A route added to a group gets that group's middleware, in this order:
/// the body limit, authentication with the scope it needs (setting `context.principal`), then the CSRF
/// checks of browser requests that change state. Handlers never check any of these themselves.
///
/// | group    | who                                                        | body limit        |
/// |----------|------------------------------------------------------------|-------------------|
/// | `public` | anyone (state-changing forms: same origin, session's CSRF) | `publicLimit`     |
/// | `read`   | read scope or more, or anyone with `--open-read`; POSTs too (the guard's gates) | `formLimit` |
/// | `write`  | write scope or more                                        | `bodyLimit`       |
/// | `events` | write scope, or a write token's Standard Webhooks signature | `bodyLimit`     |
/// | `hooks`  | write scope, that format's token, or its producer's signature | `bodyLimit`    |
/// | `admin`  | admin scope                                                | `formLimit`       |
package struct RouteGroups {
    /// `/healthz`, `/metrics`, `/login`, `/logout`, static files.
    package let `public`: RouterGroup<ServerContext>
    /// Pages, the GET API and the guard's gates (which producers call with POST).
    package let read: RouterGroup<ServerContext>
    /// Team actions, from the API or the site's forms.
    package let write: RouterGroup<ServerContext>
    /// `/v1/events`: native events from scripts and senders of Standard Webhooks.
    package let events: RouterGroup<ServerContext>
    /// `/v1/hooks/{format}`: the `format` path parameter is checked before a handler runs.
    package let hooks: RouterGroup<ServerContext>
    /// Token management from the site.
    package let admin: RouterGroup<ServerContext>

    package init(router: Router<ServerContext>, server: HindsightServer) {
        let settings = server.settings
        let formHint = "a form or gate request is at most \(settings.formLimit) bytes"
        let publicHint = "a login or logout form is at most \(settings.publicLimit) bytes"
        let ingestHint = "send fewer events per request, or start the server with a larger --max-body"
        func group(_ scope: TokenScope?, limit: Int, hint: String) -> RouterGroup<ServerContext> {
            let group = router.group().add(middleware: BodyLimitMiddleware(bytes: limit, hint: hint))
            if let scope { group.add(middleware: ScopeMiddleware(server: server, scope: scope)) }
            return group.add(middleware: CSRFMiddleware(server: server))
        }
        `public` = group(nil, limit: settings.publicLimit, hint: publicHint)
        read = group(.read, limit: settings.formLimit, hint: formHint)
        write = group(.write, limit: settings.bodyLimit, hint: ingestHint)
        admin = group(.admin, limit: settings.formLimit, hint: formHint)
        events = router.group()
            .add(middleware: BodyLimitMiddleware(bytes: settings.bodyLimit, hint: ingestHint))
            .add(middleware: HookMiddleware(server: server, route: .events))
        hooks = router.group()
            .add(middleware: BodyLimitMiddleware(bytes: settings.bodyLimit, hint: ingestHint))
            .add(middleware: HookMiddleware(server: server, route: .hook))
    }
}
