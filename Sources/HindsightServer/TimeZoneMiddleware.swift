import HTTPTypes
import HindsightReport
import Hummingbird

/// Router-wide: the zone the pages show times in. `?tz=Europe/Berlin` picks it and is remembered in a
/// cookie; without it, the cookie's zone, else UTC. A name the system's tz database does not know is
/// not remembered: the page says so and shows the zone it had.
struct TimeZoneMiddleware: RouterMiddleware {
    static let cookieName = "hindsight_tz"
    static let parameter = "tz"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let cookie = request.cookies[Self.cookieName]?.value, let zone = try? ReportTimeZone(named: cookie.removingPercentEncoding ?? cookie) {
            context.timeZone = zone
        }
        var remember: String?
        if let asked = request.uri.queryParameters.get(Self.parameter), !asked.isEmpty {
            do {
                let zone = try ReportTimeZone(named: asked)
                context.timeZone = zone
                remember = zone.name
            } catch {
                context.timeZoneProblem = "Unknown time zone '\(asked)': pick a name of the tz database such as Europe/Berlin or America/New_York."
            }
        }
        var response = try await next(request, context)
        if let remember {
            let value = HindsightServer.queryValue(remember)
            response.headers.append(HTTPField(name: .setCookie, value: "\(Self.cookieName)=\(value); Path=/; SameSite=Lax; Max-Age=31536000"))
        }
        return response
    }
}
