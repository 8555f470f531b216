import Hindsight

/// Which incidents a list shows, by the names the CLI, `GET /v1/incidents` and `/` share: a period, services,
/// severities (matched by rank: `SEV1`, `P1` and `critical` are one level), status (`open`: not resolved),
/// the trigger's kind, whether there is a trigger, whether customers reported it first, text in its id,
/// title, services or trigger, and a page (`limit` rows after `after`).
package struct IncidentFilter: Sendable, Equatable {
    /// From this time, inclusive; the incident's impact start (else when it was detected, mitigated or resolved).
    package var since: Timestamp?
    /// Before this time.
    package var until: Timestamp?
    /// Any of these services.
    package var services: [String] = []
    /// Any of these severities.
    package var severities: [String] = []
    package var status: String?
    package var triggerKind: EventKind?
    package var hasTrigger = false
    package var customersFirst = false
    package var search: String?
    package var limit: Int?
    package var after: IncidentCursor?

    package init() {}

    /// The status that means "not resolved yet".
    package static let openStatus = "open"

    /// The kinds a trigger can have.
    package static let triggerKinds: [EventKind] = [.deploy, .release, .config, .rollback]

    /// The `WHERE` condition over `incident_summary` and its arguments.
    func sqlCondition() -> (String, SQLArguments) {
        var parts = ["json IS NOT NULL"]
        var args: SQLArguments = []
        if let since {
            parts.append("sort_time >= ?")
            args.append(since.milliseconds)
        }
        if let until {
            parts.append("sort_time < ?")
            args.append(until.milliseconds)
        }
        if !services.isEmpty {
            parts.append("(" + services.map { _ in "services LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            args += services.map { "%\u{1F}" + Self.escapeLike($0) + "\u{1F}%" } as SQLArguments
        }
        if !severities.isEmpty {
            let ranks = Set(severities.map(SeverityRank.of)).subtracting([SeverityRank.unknown]).sorted()
            let texts = severities.filter { SeverityRank.of($0) == SeverityRank.unknown }.map { $0.lowercased() }
            var any: [String] = []
            if !ranks.isEmpty { any.append("severity_rank IN (\(placeholders(ranks.count)))") }
            if !texts.isEmpty { any.append("LOWER(severity) IN (\(placeholders(texts.count)))") }
            parts.append("(" + any.joined(separator: " OR ") + ")")
            args += SQLArguments(binding: ranks) + SQLArguments(binding: texts)
        }
        if let status {
            if status == Self.openStatus {
                parts.append("(status IS NULL OR status <> 'resolved')")
            } else {
                parts.append("status = ?")
                args.append(status)
            }
        }
        if let triggerKind {
            parts.append("trigger_kind = ?")
            args.append(triggerKind.rawValue)
        }
        if hasTrigger { parts.append("has_trigger = 1") }
        if customersFirst { parts.append("customers_first = 1") }
        if let search, !search.isEmpty {
            parts.append("search LIKE ? ESCAPE '\\'")
            args.append("%" + Self.escapeLike(search.lowercased()) + "%")
        }
        if let after {
            parts.append("(sort_time < ? OR (sort_time = ? AND incident < ?))")
            args += [after.sortTime, after.sortTime, after.incident] as SQLArguments
        }
        return (parts.joined(separator: " AND "), args)
    }

    /// Whether `summary` is selected: the same rules as `sqlCondition`, for summaries computed in memory.
    package func matches(_ summary: IncidentSummary) -> Bool {
        if let since, summary.sortTime < since.milliseconds { return false }
        if let until, summary.sortTime >= until.milliseconds { return false }
        if !services.isEmpty && Set(services).isDisjoint(with: summary.services) { return false }
        if !severities.isEmpty {
            let ranked = severities.contains { SeverityRank.of($0) != SeverityRank.unknown && SeverityRank.of($0) == summary.severityRank }
            let named = severities.contains { SeverityRank.of($0) == SeverityRank.unknown && $0.lowercased() == summary.severity?.lowercased() }
            if !ranked && !named { return false }
        }
        if let status {
            if status == Self.openStatus ? summary.status == "resolved" : summary.status != status { return false }
        }
        if let triggerKind, summary.triggerKind != triggerKind.rawValue { return false }
        if hasTrigger && !summary.hasTrigger { return false }
        if customersFirst && !summary.customersFirst { return false }
        if let search, !search.isEmpty, !summary.search.contains(search.lowercased()) { return false }
        if let after, (summary.sortTime, summary.incident) >= (after.sortTime, after.incident) { return false }
        return true
    }

    /// `LIKE` text matching `text` literally (with `ESCAPE '\'`).
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "\\" || c == "%" || c == "_" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
