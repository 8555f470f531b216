import Foundation
import HindsightReport
import Hummingbird
import NIOCore

/// The request context of every route. The router-wide middleware reads the login session; a group's
/// middleware sets who is asking (`principal`) and, for a form, its fields — so handlers never check
/// credentials, scopes, CSRF or body sizes themselves (docs/server.md, "Adding a route").
package struct ServerContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Who the request is from: set by the authentication middleware of every group but the public one.
    package var principal: Principal?
    /// The login session of the request's cookie, when genuine and unexpired (its token is checked by
    /// the authentication middleware, not here).
    package var session: Session?
    /// The fields of an `application/x-www-form-urlencoded` body, parsed by the CSRF middleware of a
    /// state-changing request; the body itself stays readable.
    package var form: FormFields?
    /// The connection the request came on.
    package let channel: any Channel
    /// What the server knows of that connection (set by the router-wide middleware; `nil` in tests
    /// that drive the router in process).
    package var connection: ClientConnection?
    /// The zone the pages show times in (`TimeZoneMiddleware`): `?tz=`, else the remembered one, else UTC.
    package var timeZone = ReportTimeZone.utc
    /// Why the `?tz=` asked for was not used, for the page to say.
    package var timeZoneProblem: String?

    package init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The path parameter `name` (`:id` in the route), percent-decoded exactly once: `team%2F7` is `team/7`.
    /// Malformed escapes, text that is not UTF-8, and NUL are a 400 naming the parameter.
    package func pathParameter(_ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name) else {
            throw APIError(.badRequest, "the path has no \(name)", field: name, hint: "see docs/server.md for the routes")
        }
        guard let decoded = raw.removingPercentEncoding, !decoded.contains("\u{0}") else {
            throw APIError(
                .badRequest, "the \(name) in the path is not percent-encoded UTF-8 text", field: name,
                hint: "percent-encode the \(name) once: every byte outside A-Z a-z 0-9 - . _ ~ as %XX")
        }
        return decoded
    }
}
