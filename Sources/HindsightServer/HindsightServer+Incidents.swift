import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// `GET /v1/incidents`: a page of `analyze --json` objects, newest first, filtered by the query parameters the
    /// CLI's flags name (`since`, `until`, `service`…, `severity`…, `status`, `trigger-kind`, `has-trigger`,
    /// `customers-first`, `search`, `limit` ≤ 1000, default 100, `after`); the next page's URL is in `Link`.
    func incidentsAPI(_ query: Parameters) async -> Response {
        do {
            let filter = try IncidentQuery(query, defaultLimit: 100).filter
            let (summaries, next) = try await incidentSummaries(filter)
            var headers: HTTPFields = [:]
            if let next {
                headers[HTTPField.Name("Link")!] = "<\(IncidentQuery.url("/v1/incidents", query, after: next))>; rel=\"next\""
                headers[HTTPField.Name("X-Next-Cursor")!] = next.text
            }
            return Self.json(JSONWriter.array(summaries.map(\.json)), headers: headers)
        } catch {
            return Self.apiError(error).response
        }
    }

    /// The summaries `filter` selects, brought up to date first; fresh analyses when the server runs with
    /// non-default analysis options.
    func incidentSummaries(_ filter: IncidentFilter) async throws -> ([IncidentSummary], IncidentCursor?) {
        let options = settings.analysis
        return try await executor.read { store in
            guard options == AnalysisOptions() else { return try store.freshSummaries(filter, options: options) }
            // Stale only after an upgrade changed the analysis and before `hindsight migrate` ran.
            if try store.hasStaleSummaries() { try store.refreshSummaries() }
            return try store.summaries(filter)
        }
    }

    /// `/`: a page of incidents, newest impact first, with the filters as a GET form and a link to older ones;
    /// served from the page cache while the summaries of its rows (and whether there is an older page) are
    /// those it was rendered from. Pages differ by query and time zone, never by who asks.
    func incidentListPage(_ view: PageView, query: Parameters) async throws -> (title: String, html: String) {
        let parsed = try IncidentQuery(query, defaultLimit: 50)
        guard settings.analysis == AnalysisOptions() else { return try await renderIncidentList(view, parsed, query) }
        let version = try await executor.read { store in
            if try store.hasStaleSummaries() { try store.refreshSummaries() }
            let (rows, next) = try store.summaryRevisions(parsed.filter)
            return rows.map(\.revision) + [next == nil ? 0 : 1]
        }
        let key =
            "/?" + view.query.map { "\(Self.queryValue($0.name))=\(Self.queryValue($0.value))" }.joined(separator: "&") + "#"
            + view.timeZone.name
        return try await cachedPage(key, version: version) { try await renderIncidentList(view, parsed, query) }
    }

    func renderIncidentList(_ view: PageView, _ parsed: IncidentQuery, _ query: Parameters) async throws -> (title: String, html: String) {
        let (summaries, next) = try await incidentSummaries(parsed.filter)
        let analyses = try summaries.map { try IncidentAnalysis(summaryJSON: $0.json) }
        var html = "<h1>Incidents</h1>\n" + filterForm(parsed)
        guard !analyses.isEmpty else {
            let empty =
                parsed.isFiltered || parsed.filter.after != nil
                ? "<p class=\"muted\">No incidents match. <a href=\"/\">All incidents</a></p>\n"
                : "<p class=\"muted\">No incidents yet. Post <code>incident</code> events (status declared, mitigated, resolved) to /v1/events or a webhook.</p>"
            return ("Incidents", html + empty)
        }
        html += """
            <table class="incidents list"><thead><tr><th scope="col">Incident</th><th scope="col">Severity</th>\
            <th scope="col">Impact start (\(h(view.timeZone.name)))</th><th scope="col">Detected after</th>\
            <th scope="col">Detected first by</th><th scope="col">Trigger</th><th scope="col">Services</th><th scope="col">Title</th></tr></thead><tbody>

            """
        for a in analyses {
            let first: String
            switch a.detectedExternallyFirst {
            case true?: first = "<span class=\"badge bad\">customers</span>"
            case false?: first = "<span class=\"badge ok\">monitoring</span>"
            case nil: first = "–"
            }
            // The trigger's service is named only when the services column does not already show it.
            let trigger =
                a.trigger.map { t in
                    "\(PageLink.changeLink(t.change.id)) (\(h(t.change.kind.rawValue)))"
                        + (a.services.contains(t.change.service) ? "" : " on \(PageLink.serviceLink(t.change.service))")
                } ?? "none"
            html += """
                <tr><td>\(PageLink.incidentLink(a.incident))</td><td>\(h(a.severity ?? "–"))</td>\
                <td class="nowrap">\(h(a.impactStart.map(view.timeZone.dateTime) ?? "–"))</td><td>\(h(a.detectionLag.map { "\($0)" } ?? "–"))</td>\
                <td>\(first)</td><td>\(trigger)</td><td>\(a.services.map(PageLink.serviceLink).joined(separator: ", "))</td><td>\(h(a.title ?? ""))</td></tr>

                """
        }
        html += "</tbody></table>\n"
        var links: [String] = []
        if parsed.filter.after != nil { links.append("<a href=\"\(h(IncidentQuery.url("/", query, after: nil)))\">Newest</a>") }
        if let next { links.append("<a rel=\"next\" href=\"\(h(IncidentQuery.url("/", query, after: next)))\">Older incidents →</a>") }
        if !links.isEmpty { html += "<p class=\"pager\">\(links.joined(separator: " · "))</p>\n" }
        return ("Incidents", html)
    }

    /// The filters of `/` as a GET form, showing the values in force.
    func filterForm(_ q: IncidentQuery) -> String {
        let f = q.filter
        func field(_ label: String, _ name: String, _ value: String, size: Int = 14, placeholder: String = "") -> String {
            "<label>\(label)<input name=\"\(name)\" size=\"\(size)\" value=\"\(h(value))\" placeholder=\"\(h(placeholder))\"></label>"
        }
        func select(_ label: String, _ name: String, _ value: String, _ options: [String]) -> String {
            let items = ([""] + options).map { o in "<option value=\"\(h(o))\"\(o == value ? " selected" : "")>\(o.isEmpty ? "any" : h(o))</option>" }
            return "<label>\(label)<select name=\"\(name)\">\(items.joined())</select></label>"
        }
        func check(_ label: String, _ name: String, _ on: Bool) -> String {
            "<label><span><input type=\"checkbox\" name=\"\(name)\" value=\"1\"\(on ? " checked" : "")> \(label)</span></label>"
        }
        return """
            <form class="search" method="get" action="/">\
            \(field("Search", "search", f.search ?? "", size: 18, placeholder: "id, title, service, change"))\
            \(field("Service", "service", f.services.joined(separator: ","), placeholder: "checkout"))\
            \(field("Severity", "severity", f.severities.joined(separator: ","), size: 8, placeholder: "SEV1"))\
            \(select("Status", "status", f.status ?? "", ["open", "declared", "mitigated", "resolved"]))\
            \(select("Trigger kind", "trigger-kind", f.triggerKind?.rawValue ?? "", IncidentFilter.triggerKinds.map(\.rawValue)))\
            \(field("Since", "since", f.since?.rfc3339 ?? "", size: 20, placeholder: "2024-07-01T00:00:00Z"))\
            \(field("Until", "until", f.until?.rfc3339 ?? "", size: 20))\
            \(check("has a trigger", "has-trigger", f.hasTrigger))\(check("customers first", "customers-first", f.customersFirst))\
            <button type="submit">Filter</button></form>

            """
    }
}
