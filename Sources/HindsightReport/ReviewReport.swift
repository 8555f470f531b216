import Foundation
import Hindsight

/// Renders a review across incidents as Markdown, or as an HTML page with its trend charts; deterministic.
package enum ReviewReport {
    /// The review as Markdown: figures per period, service and month, recurring gaps, DORA's keys with their definitions.
    package static func markdown(_ r: Review) -> String {
        func code(_ s: String) -> String { MarkdownEscaping.code(s, inTable: true) }
        func span(_ s: TimeSpan?) -> String { s.map(\.description) ?? "–" }
        func pair(_ a: TimeSpan?, _ b: TimeSpan?, _ n: Int) -> String { n == 0 ? "–" : "\(span(a)) / \(span(b))" }
        func share(_ n: Int, _ of: Int) -> String { of == 0 ? "\(n)" : "\(n) (\(percent(Double(n) / Double(of))))" }
        var out: [String] = []
        out.append("# Incident review: \(r.since.rfc3339) to \(r.until.rfc3339)")
        out.append("")
        let scope = r.services.isEmpty ? "every service" : r.services.map { MarkdownEscaping.code($0) }.joined(separator: ", ")
        out.append(
            "Period from \(r.since.rfc3339) up to \(r.until.rfc3339) (\(r.until - r.since)), \(scope); action items overdue as of \(r.now.rfc3339). "
                + "An incident belongs to the period of its impact start. Medians and 90th percentiles use the nearest-rank rule (see Definitions).")
        if r.overall.incidents == 0 && r.dora.changes == 0 {
            out.append("")
            out.append("No incident and no production change is recorded in this period" + (r.services.isEmpty ? "." : " on \(scope)."))
        }
        out.append("")

        out.append("## Incidents")
        out.append("")
        out.append(
            "| | Incidents | Triggered by a change | deploy / release / config | Detection lag median / p90 | Customers first "
                + "| Time to mitigate median / p90 | Action items open / overdue |")
        out.append("|---|---|---|---|---|---|---|---|")
        func row(_ label: String, _ f: ReviewFigures) -> String {
            let kinds = ["deploy", "release", "config"].map { String(f.triggeredByKind[$0] ?? 0) }.joined(separator: " / ")
            return "| \(label) | \(f.incidents) | \(share(f.changeTriggered, f.incidents)) | \(kinds) | "
                + "\(pair(f.detectionLagMedian, f.detectionLagP90, f.detectionLags)) | \(share(f.detectedByCustomersFirst, f.incidents)) | "
                + "\(pair(f.timeToMitigateMedian, f.timeToMitigateP90, f.mitigations)) | \(f.openActionItems) / \(f.overdueActionItems) |"
        }
        out.append(row("**all**", r.overall))
        for s in r.byService { out.append(row(code(s.service), s.figures)) }
        for m in r.byMonth { out.append(row(m.month, m.figures)) }
        out.append("")

        out.append("## Recurring safe-release gaps")
        out.append("")
        let recurring = r.recurringGaps.filter { $0.gaps >= 2 }
        if recurring.isEmpty {
            out.append("No safe-release gap was found in more than one incident of the period.")
        }
        for g in recurring {
            let ids = g.incidents.prefix(10).map { MarkdownEscaping.code($0) }.joined(separator: ", ") + (g.incidents.count > 10 ? ", …" : "")
            out.append("- **\(g.label)**: \(g.gaps) of \(g.outOf) \(g.of) (\(ids))")
        }
        out.append("")

        out.append("## DORA's four keys")
        out.append("")
        if r.dora.leadTimes == 0 {
            out.append("No change of the period carries a `commit_time`, so lead time for changes is unknown (docs/retrospective.md).\n")
        }
        out.append("| | Deployment frequency | Lead time for changes, median / p90 | Change failure rate | Failed deployment recovery time, median / p90 |")
        out.append("|---|---|---|---|---|")
        func doraRow(_ label: String, _ d: DORAKeys) -> String {
            let frequency = "\(d.changes) \(d.changes == 1 ? "change" : "changes")" + (d.perWeek.map { ", \(decimal($0)) a week" } ?? "")
            let lead =
                d.leadTimes == 0
                ? "–"
                : "\(span(d.leadTimeMedian)) / \(span(d.leadTimeP90)) (\(d.leadTimes) of \(d.changes) changes)"
            let cfr = d.changeFailureRate.map { "\(percent($0)) (\(d.failedChanges) of \(d.changes))" } ?? "–"
            let recovery =
                d.recoveries == 0
                ? "–"
                : "\(span(d.recoveryMedian)) / \(span(d.recoveryP90)) (\(d.recoveries) \(d.recoveries == 1 ? "incident" : "incidents"))"
            return "| \(label) | \(frequency) | \(lead) | \(cfr) | \(recovery) |"
        }
        out.append(doraRow("**all**", r.dora))
        for s in r.byService { out.append(doraRow(code(s.service), s.dora)) }
        for m in r.byMonth { out.append(doraRow(m.month, m.dora)) }
        out.append("")
        out.append("### Definitions")
        out.append("")
        for d in DORAKeys.definitions { out.append("- **\(d.key.prefix(1).uppercased() + d.key.dropFirst()):** \(d.definition).") }
        out.append("- **Percentiles:** \(Percentile.definition).")
        out.append("")
        return out.joined(separator: "\n")
    }

    /// The review as a standalone HTML page, with the detection-lag and change-failure-rate trend charts.
    package static func html(_ r: Review) -> String {
        let page = MarkdownHTML.page(markdown(r), title: "Incident review \(r.since.rfc3339) to \(r.until.rfc3339)")
        let figures =
            "<h2>Trends</h2>\n"
            + [
                ("Detection lag per incident, by impact start (red: customers reported it first)", ReviewCharts.detectionLag(r)),
                ("Change failure rate per month (changes that triggered an incident of all production changes)", ReviewCharts.changeFailureRate(r)),
            ].map { caption, svg in "<figure class=\"chart\">\n\(svg)<figcaption>\(MarkdownEscaping.html(caption))</figcaption>\n</figure>\n" }.joined()
        guard let end = page.range(of: "</main>", options: .backwards) else { return page + figures }
        return page[..<end.lowerBound] + figures + page[end.lowerBound...]
    }

    /// `12%`, `33.3%` at most one decimal.
    static func percent(_ share: Double) -> String { decimal((share * 1000).rounded() / 10) + "%" }

    /// A number with at most one decimal (two below 1): `12`, `1.4`, `0.05`.
    static func decimal(_ d: Double) -> String {
        let scale = abs(d) < 1 ? 100.0 : 10.0
        return Formatting.decimal((d * scale).rounded() / scale)
    }
}
