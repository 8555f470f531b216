import Hindsight
import HindsightReport
import HindsightStore
import Hummingbird

/// What a page needs to know about the request it answers: the login session (for its forms' CSRF
/// token and the logout button), who is asking and whether they may act, the time zone, and the path
/// and query (so the time-zone chooser comes back to the same view).
struct PageView: Sendable {
    var session: Session?
    var principal: Principal?
    var timeZone: ReportTimeZone
    var timeZoneProblem: String?
    var path: String
    var query: [(name: String, value: String)]
    /// The server's clock when the request came (overdue items, the review's period).
    var now: Timestamp

    init(request: Request, context: ServerContext, now: Timestamp) {
        self.now = now
        principal = context.principal
        session = context.principal?.credential == .session ? context.session : nil
        timeZone = context.timeZone
        timeZoneProblem = context.timeZoneProblem
        path = request.uri.path
        query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != TimeZoneMiddleware.parameter }
    }

    /// Whether the page offers the team's forms: a write token (a login session's or a bearer's).
    var canWrite: Bool { principal.map { $0.format == nil && $0.scope.allows(.write) } ?? false }

    /// The author a form defaults to: the token's name.
    var author: String { principal?.name ?? "" }

    /// The hidden CSRF field of this session's forms (nothing without a session: a bearer needs none).
    var csrfField: String {
        if keepsCSRFMarker { return Self.csrfMarker }
        return session.map(PageLayout.csrfField) ?? ""
    }
    /// Whether the page is rendered to be kept for other views: its forms then carry `csrfMarker`, which
    /// each view replaces with its own session's field.
    var keepsCSRFMarker = false
    /// Stands for the CSRF field in a kept page; text from events cannot contain it, as it is escaped.
    static let csrfMarker = "<hindsight-csrf>"

    /// A time with its zone: `2024-07-19 06:09 CEST (+02:00)`.
    func time(_ t: Timestamp?) -> String { t.map(timeZone.dateTime) ?? "unknown" }
}
