import Foundation
import HTTPTypes
import Hindsight
import HindsightReport
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// Runs a page (its group has checked access); lookup errors become an error page with their status.
    func page(
        _ request: Request, _ context: ServerContext, _ body: (PageView) async throws -> (title: String, html: String)
    ) async -> Response {
        let view = PageView(request: request, context: context, now: settings.now())
        do {
            let (title, html) = try await body(view)
            return Self.html(PageLayout.page(title: title, body: html, view: view))
        } catch {
            let e = Self.apiError(error)
            let html = "<h1>\(h(e.error))</h1>\n<p>\(h(e.hint))</p>\n<p><a href=\"/\">All incidents</a></p>"
            return Self.html(PageLayout.page(title: e.error, body: html, view: view), status: e.status)
        }
    }

    /// The page kept under `key` when it was rendered from `version`, else `render`'s, then kept. A page
    /// rendered from data newer than `version` is kept under it all the same: the next view sees a newer
    /// version and renders again.
    func cachedPage(_ key: String, version: [Int64], render: () async throws -> (title: String, html: String)) async throws -> (
        title: String, html: String
    ) {
        if let page = pages.page(key, version: version) {
            metrics.pageView(cached: true)
            return page
        }
        let page = try await render()
        pages.keep(key, version: version, page: page)
        metrics.pageView(cached: false)
        return page
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func h(_ text: String) -> String { PageLayout.h(text) }

    /// `/changes`: a GET form (a time, event id or incident id, with incidents offered) and the changes found.
    func changesPage(_ view: PageView, query: Parameters) async throws -> (title: String, html: String) {
        let incidents = try await executor.read { try $0.incidentIDs() }
        let before = query.get("before") ?? ""
        let window = query.get("window") ?? "24h"
        let services = query.getAll("service").filter { !$0.isEmpty }
        var html = """
            <h1>What changed before…</h1>
            <form class="search" method="get" action="/changes">
            <label>Before (time, event id or incident)<input name="before" id="before" list="incident-ids" size="32" value="\(h(before))" \
            placeholder="2024-07-19T04:10:00Z or INC-1" required></label>
            <datalist id="incident-ids">\(incidents.map { "<option value=\"\(h($0))\">" }.joined())</datalist>
            <label>Window<input name="window" size="6" value="\(h(window))"></label>
            <label>Service (blank: the incident's)<input name="service" size="18" value="\(h(services.first ?? ""))"></label>
            <button type="submit">Show changes</button>
            </form>

            """
        guard !before.isEmpty else { return ("What changed before", html) }
        let search: ChangeSearch
        do {
            search = try ChangeSearch(query)
        } catch let e as APIError {
            return ("What changed before", html + "<p class=\"problem\">\(h(e.error)): \(h(e.hint))</p>\n")
        }
        let result: (ChangePoint, [String], [Event])
        do {
            result = try await executor.read { try search.run(in: $0) }
        } catch StoreError.unknownID(let what, _, _, let suggestion) {
            let nearest = suggestion.map { " Did you mean '\(h($0))'?" } ?? ""
            return (
                "What changed before",
                html + "<p class=\"problem\">No time, event or incident '\(h(what))'.\(nearest) Give an RFC 3339 time or pick an incident.</p>\n"
            )
        } catch let error as TimestampError {
            return ("What changed before", html + "<p class=\"problem\">\(h("\(error)")).</p>\n")
        }
        let (point, searched, changes) = result
        let on = searched.isEmpty ? "every service" : searched.joined(separator: ", ") + " and global '*'"
        html += "<h2>\(changes.count) change\(changes.count == 1 ? "" : "s") in the \(h("\(search.window)")) before \(h(point.label))</h2>\n"
        html += "<p class=\"muted\">That is \(h(view.time(point.time))).</p>\n"
        html += "<p class=\"muted\">On \(h(on)), newest first.</p>\n"
        guard !changes.isEmpty else { return ("What changed before", html + "<p>None. Widen the window (7d).</p>\n") }
        html +=
            "<table><thead><tr><th scope=\"col\">When (\(h(view.timeZone.name)))</th><th scope=\"col\">Before</th><th scope=\"col\">Kind</th>"
            + "<th scope=\"col\">Service</th><th scope=\"col\">Version</th><th scope=\"col\">Id</th><th scope=\"col\">Summary</th></tr></thead><tbody>\n"
        for c in changes {
            var kind = c.kind.rawValue
            if let s = c.status, s != "succeeded" { kind += " (\(s))" }
            html +=
                "<tr><td class=\"nowrap\">\(h(view.timeZone.dateTime(c.time)))</td><td>\(h("\(point.time - c.time)"))</td><td>\(h(kind))</td>"
                + "<td>\(PageLink.serviceLink(c.service))</td><td>\(h(c.version ?? ""))</td><td>\(PageLink.changeLink(c.id))</td><td>\(h(c.summary ?? ""))</td></tr>\n"
        }
        return ("What changed before", html + "</tbody></table>\n")
    }

    /// The login form (shown whether or not reads are open, so a bookmark works). With a session
    /// already, it carries that session's CSRF token like every other form.
    func loginPage(next: String?, problem: String?, session: Session?, status: HTTPResponse.Status = .ok) -> Response {
        let html = """
            <h1>Log in</h1>
            \(problem.map { "<p class=\"problem\">\(h($0))</p>" } ?? "")
            <form class="login" method="post" action="/login">
            <label>Token<input name="token" type="password" autocomplete="current-password" required></label>
            <input type="hidden" name="next" value="\(h(LoginRedirect.safeNext(next)))">
            \(session.map(PageLayout.csrfField) ?? "")
            <button type="submit">Log in</button>
            </form>
            <p class="muted">A token made with 'hindsight token create NAME' reads (scope read, the default); one with \
            --scope write also acts on incidents. The session lasts \(h("\(settings.sessionLength)")).</p>
            """
        return Self.html(PageLayout.page(title: "Log in", body: html), status: status)
    }

    /// `POST /login` (its group has checked the form's origin): a valid token without a format sets the
    /// session cookie (`HttpOnly; SameSite=Lax`, and `Secure` over HTTPS) and goes to `next` when that
    /// is a path on this server.
    func login(_ request: Request, context: ServerContext) async -> Response {
        let form = context.form ?? FormFields("")
        let next = LoginRedirect.safeNext(form["next"])
        guard let presented = form["token"], !presented.isEmpty else {
            return loginPage(next: next, problem: "Give a token.", session: context.session, status: .badRequest)
        }
        let principal: Principal
        do {
            principal = try await bearerPrincipal(presented)
        } catch {
            let problem = error.status == .unauthorized ? "\(error.error.prefix(1).uppercased())\(error.error.dropFirst())." : error.error
            return loginPage(next: next, problem: problem, session: context.session, status: error.status)
        }
        guard let name = principal.name, principal.format == nil else {
            return loginPage(
                next: next, problem: "Token '\(principal.name ?? "")' is limited to /v1/hooks/\(principal.format ?? "") and cannot read.",
                session: context.session, status: .forbidden)
        }
        let (value, _) = sessions.issue(name: name, expiry: settings.now() + settings.sessionLength)
        return Response(status: .seeOther, headers: [.location: next, .setCookie: sessionCookie(value, maxAge: settings.sessionLength.seconds, request)])
    }

    /// `POST /logout` (its group has checked the form's origin and the session's CSRF token): ends the session.
    func logout(_ request: Request) -> Response {
        Response(status: .seeOther, headers: [.location: "/login", .setCookie: sessionCookie("", maxAge: 0, request)])
    }

    /// The session cookie: never readable by scripts, sent on top-level navigation from other sites but
    /// not on their POSTs, and only over HTTPS when the request came over HTTPS.
    func sessionCookie(_ value: String, maxAge: Int64, _ request: Request) -> String {
        let secure = RequestTransport(settings: settings).isSecure(request) ? "; Secure" : ""
        return "\(SessionSigner.cookieName)=\(value); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)\(secure)"
    }

    /// An id as one path segment of a link: every byte but A-Z a-z 0-9 - . _ ~ percent-encoded, so
    /// `team/7`, `INC 42`, `50%`, `a?b#c` and `zürich-1` each stay one segment the router decodes once.
    static func pathSegment(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s }
    /// A query value of a link, encoded the same way.
    static func queryValue(_ s: String) -> String { pathSegment(s) }

    /// RFC 3986's unreserved characters (ASCII only: `CharacterSet.alphanumerics` has every script's letters).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
