import Hindsight
import HindsightReport
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// `/incidents/{id}`: the headline facts, the team's review with its forms (for a write token), then
    /// the rendered post-mortem with its timeline chart. `problem` is a form the server refused, shown
    /// again with what was typed and why.
    ///
    /// Without a message to show, the page is served from the page cache while the incident's summary is
    /// the one it was rendered with (every write that can change the page marks the summary, which then
    /// has no current revision until it is recomputed with a new one). Kept pages differ by time zone and
    /// by the forms offered (who may write, the default author); the session's CSRF field goes in per view.
    func incidentPage(_ view: PageView, id: String, saved: String? = nil, problem: FormProblem? = nil) async throws -> (title: String, html: String) {
        guard saved == nil, problem == nil, settings.analysis == AnalysisOptions(),
            let revision = try await executor.read({ try $0.currentSummaryRevision(incident: id) })
        else { return try await renderIncidentPage(view, id: id, saved: saved, problem: problem) }
        var shared = view
        shared.keepsCSRFMarker = true
        let key = "/incidents/\(Self.pathSegment(id))#\(view.timeZone.name)#\(view.canWrite ? "w:" + view.author : "r")"
        let page = try await cachedPage(key, version: [revision]) { try await renderIncidentPage(shared, id: id, saved: nil, problem: nil) }
        return (page.title, page.html.replacingOccurrences(of: PageView.csrfMarker, with: view.csrfField))
    }

    func renderIncidentPage(_ view: PageView, id: String, saved: String?, problem: FormProblem?) async throws -> (title: String, html: String) {
        let options = settings.analysis
        let (analysis, timeline, rates, items) = try await executor.read { store in
            guard try store.hasIncident(id) else { throw try store.unknownIncident(id) }
            let a = try store.analysis(incident: id, options: options)
            let timeline = try store.timeline(for: a, options: options)
            let grid = TimelineChart.rateGrid(for: a)
            let rates = try store.signalRates(incident: id, start: grid.start, bucket: grid.bucket, buckets: grid.count, lookback: options.lookback)
            return (a, timeline, rates, try store.actionItems(incident: id))
        }
        let tz = view.timeZone
        var facts: [(String, String)] = [
            ("Severity", analysis.severity ?? "–"),
            ("Impact start", analysis.impactStart.map(tz.dateTime) ?? "unknown"),
            ("Detected after", analysis.detectionLag.map { "\($0)" } ?? analysis.conflict(.detectionLag)?.sentence ?? "unknown"),
            ("Mitigated after", analysis.timeToMitigate.map { "\($0)" } ?? analysis.conflict(.timeToMitigate)?.sentence ?? "not yet"),
            ("Trigger", analysis.trigger.map { "\($0.change.id) (\(Formatting.score($0.score)))" } ?? "none"),
        ]
        if analysis.detectedExternallyFirst == true { facts.append(("Detected first by", "customers")) }
        let factList = facts.map { "<div><dt>\(h($0.0))</dt><dd>\(h($0.1))</dd></div>" }.joined()
        let services = analysis.services.map(PageLink.serviceLink).joined(separator: ", ")
        let title = "\(id)" + (analysis.title.map { ": \($0)" } ?? "")
        let header =
            "<h1>\(h(title))</h1>\n<p class=\"muted\"><a href=\"/\">Incidents</a> · <a href=\"/v1/incidents/\(h(Self.pathSegment(id)))\">JSON</a> · "
            + "<a href=\"/changes?before=\(h(Self.queryValue(id)))\">what changed before</a> · <a href=\"#team\">team review</a>"
            + (services.isEmpty ? "" : " · services: \(services)") + "</p>\n<dl class=\"facts\">\(factList)</dl>\n"
        var draft = Postmortem.fragment(
            analysis: analysis, timeline: timeline, template: settings.template, timeZone: tz, actionItems: items, rates: rates,
            objectives: settings.objectives)
        let changes = timeline.filter(\.kind.isChange).map(\.id) + analysis.candidates.map(\.change.id)
        draft = Self.linkingCode(draft, links: Self.links(changes: changes, services: analysis.services + timeline.map(\.service)))
        // The page's heading is the incident's; the draft's own becomes a section of the page.
        if let open = draft.range(of: "<h1>"), let close = draft.range(of: "</h1>"), open.upperBound <= close.lowerBound {
            draft.replaceSubrange(close, with: "</h2>")
            draft.replaceSubrange(open, with: "<h2 class=\"draft\">")
        }
        let panel = TeamPanel(analysis: analysis, timeline: timeline, items: items, view: view, saved: saved, problem: problem).html
        return (title, header + panel + draft)
    }

    /// `html` with each `<code>ID</code>` whose text is a key of `links` made a link to its page (the value),
    /// in one pass. Only exact escaped ids are matched, so nothing else in the text can become a link.
    static func linkingCode(_ html: String, links: [String: String]) -> String {
        var anchors: [Substring: String] = [:]
        for (id, href) in links { anchors[Substring(PageLayout.h(id))] = PageLink.code(href, id) }
        var out = ""
        out.reserveCapacity(html.utf8.count + 1024)
        var rest = Substring(html)
        while let open = rest.range(of: "<code>") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "</code>") else { break }
            out += anchors[rest[open.upperBound..<close.lowerBound]] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// Links for the ids an incident's draft shows: its services, then changes (a change wins a tie).
    static func links(changes: some Sequence<String>, services: some Sequence<String>, incidents: some Sequence<String> = [String]()) -> [String: String] {
        var links: [String: String] = [:]
        for s in services { links[s] = PageLink.service(s) }
        for i in incidents { links[i] = PageLink.incident(i) }
        for c in changes { links[c] = PageLink.change(c) }
        return links
    }
}

/// A team form the server refused: which form, why, and what was typed (shown again in the form).
struct FormProblem: Sendable {
    /// `verdict`, `note`, `action`, `done` or `retract`.
    var form: String
    var message: String
    var fields: FormFields
}
