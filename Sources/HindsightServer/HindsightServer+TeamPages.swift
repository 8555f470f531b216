import Hindsight
import HindsightReport
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// `/actions`: every action item, open ones first, grouped by owner; filtered by state (open, overdue,
    /// done), owner and incident in a GET form.
    func actionsPage(_ view: PageView, query: Parameters) async throws -> (title: String, html: String) {
        let filter: ActionFilter
        var problem = ""
        do {
            filter = try ActionFilter(query)
        } catch let e as APIError {
            problem = "<p class=\"problem\" role=\"alert\">\(h(e.error)): \(h(e.hint))</p>\n"
            filter = try ActionFilter(Parameters())
        }
        let all = try await executor.read { try $0.actionItems() }
        let items = filter.apply(all, now: view.now).filter { filter.incident == nil || $0.incident == filter.incident }
        let owners = Array(Set(all.compactMap(\.owner))).sorted()
        let incidents = Array(Set(all.map(\.incident))).sorted()
        let open = all.filter { $0.state == .open }.count
        let overdue = all.filter { $0.isOverdue(at: view.now) }.count
        let states = [("", "all"), ("open", "open"), ("overdue", "overdue"), ("done", "done")].map { value, label in
            "<option value=\"\(value)\"\((filter.state ?? "") == value ? " selected" : "")>\(label)</option>"
        }.joined()
        var html = """
            <h1>Action items</h1>
            <p class="muted">\(open) open, of which \(overdue) overdue; \(all.count - open) done. An open item is overdue once its due date \
            has passed (the end of that day, UTC).</p>
            \(problem)<form class="search" method="get" action="/actions">
            <label>State<select name="state">\(states)</select></label>
            <label>Owner<input name="owner" list="owners" size="14" value="\(h(filter.owner ?? ""))"></label>
            <datalist id="owners">\(owners.map { "<option value=\"\(h($0))\">" }.joined())</datalist>
            <label>Incident<input name="incident" list="incident-list" size="18" value="\(h(filter.incident ?? ""))"></label>
            <datalist id="incident-list">\(incidents.map { "<option value=\"\(h($0))\">" }.joined())</datalist>
            <button type="submit">Show</button>
            </form>

            """
        guard !items.isEmpty else {
            let none = all.isEmpty ? "No action item yet. Open one on an incident's page, or with 'hindsight action add'." : "No action item matches."
            return ("Action items", html + "<p>\(h(none))</p>\n")
        }
        // Open items first (overdue, then by due date and priority), then done ones, newest first.
        func rank(_ i: ActionItem) -> (Int, Int64, String, String) {
            let state = i.isOverdue(at: view.now) ? 0 : (i.state == .open ? 1 : 2)
            let due = i.state == .done ? -(i.doneAt?.milliseconds ?? 0) : (i.due?.deadline.milliseconds ?? .max)
            return (state, due, i.priority?.rawValue ?? "P9", i.id)
        }
        var byOwner: [String: [ActionItem]] = [:]
        for item in items { byOwner[item.owner ?? "unassigned", default: []].append(item) }
        let back =
            view.path + (view.query.isEmpty ? "" : "?" + view.query.map { "\(Self.queryValue($0.name))=\(Self.queryValue($0.value))" }.joined(separator: "&"))
        for owner in byOwner.keys.sorted() {
            let mine = byOwner[owner]!.sorted { rank($0) < rank($1) }
            let late = mine.filter { $0.isOverdue(at: view.now) }.count
            html += "<h2 id=\"owner-\(h(Self.pathSegment(owner)))\">\(h(owner))</h2>\n"
            html += "<p class=\"muted\">\(mine.filter { $0.state == .open }.count) open" + (late > 0 ? ", \(late) overdue" : "") + "</p>\n"
            html += ActionItemTable(items: mine, view: view, showIncident: true, returnTo: back).html
        }
        return ("Action items", html)
    }

    /// `/review`: the period review (incidents, recurring gaps, DORA's four keys) with its trend charts,
    /// for the period and services chosen in a GET form.
    func reviewPage(_ view: PageView, query: Parameters) async throws -> (title: String, html: String) {
        let sinceText = query.get("since").flatMap { $0.isEmpty ? nil : $0 } ?? "90d"
        let untilText = query.get("until").flatMap { $0.isEmpty ? nil : $0 }
        let services = query.getAll("service").flatMap { $0.split(separator: ",").map { String($0).trimming(" ") } }.filter { !$0.isEmpty }
        var problem: String?
        // Now, to the minute: the page names the period and the overdue date without seconds.
        let minute = Timestamp(milliseconds: view.now.milliseconds - view.now.milliseconds % 60_000)
        var until = minute
        if let untilText {
            switch Timestamp.parse(untilText) {
            case .success(let t): until = t
            case .failure: problem = "Until '\(untilText)' is not a time: give an RFC 3339 time such as 2026-01-01T00:00:00Z, or leave it blank for now."
            }
        }
        var since = until - .days(90)
        if let span = TimeSpan.parse(sinceText), span.milliseconds > 0 {
            since = until - span
        } else if case .success(let t) = Timestamp.parse(sinceText) {
            since = t
        } else {
            problem = "Since '\(sinceText)' is neither a duration (90d, 12h) nor an RFC 3339 time; showing the last 90 days."
        }
        if since >= until {
            problem = "Since \(since.rfc3339) is not before until \(until.rfc3339); showing the 90 days before until."
            since = until - .days(90)
        }
        let options = settings.analysis
        let (since_, until_, now) = (since, until, minute)
        let review = try await executor.read { store in
            Review(try store.reviewInput(since: since_, until: until_, now: now, services: services, options: options))
        }
        let known = review.byService.map(\.service)
        var html = """
            <h1>Review</h1>
            <form class="search" method="get" action="/review">
            <label>Since (a duration back or a time)<input name="since" size="22" value="\(h(sinceText))" placeholder="90d"></label>
            <label>Until (blank: now)<input name="until" size="22" value="\(h(untilText ?? ""))" placeholder="2026-01-01T00:00:00Z"></label>
            <label>Services (comma-separated; blank: all)<input name="service" list="review-services" size="28" value="\(h(services.joined(separator: ", ")))"></label>
            <datalist id="review-services">\(known.map { "<option value=\"\(h($0))\">" }.joined())</datalist>
            <button type="submit">Review</button>
            </form>
            \(problem.map { "<p class=\"problem\" role=\"alert\">\(h($0))</p>" } ?? "")
            <nav class="pages"><a href="/review?since=30d">last 30 days</a><a href="/review?since=90d">last 90 days</a>\
            <a href="/review?since=365d">last year</a></nav>

            """
        var body = MarkdownHTML.fragment(ReviewReport.markdown(review))
        // The Markdown's own heading is the page's; service names become links to their incidents.
        let incidents = review.recurringGaps.flatMap(\.incidents)
        body = Self.linkingCode(body, links: Self.links(changes: [String](), services: known, incidents: incidents))
        html += body
        html += "<h2>Trends</h2>\n"
        for (caption, svg) in [
            ("Detection lag per incident, by impact start (red: customers reported it first)", ReviewCharts.detectionLag(review)),
            ("Change failure rate per month (changes that triggered an incident of all production changes)", ReviewCharts.changeFailureRate(review)),
        ] {
            html += "<figure class=\"chart\">\n\(svg)<figcaption>\(h(caption))</figcaption>\n</figure>\n"
        }
        html += "<p class=\"muted\">Times in this review are UTC (months are calendar months in UTC, as in 'hindsight review').</p>\n"
        return ("Review", html)
    }
}
