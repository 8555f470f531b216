import Hindsight

extension PostmortemViewModel {
    /// The people the events name: the commander declared it, responders acted until it was resolved,
    /// authors reviewed it afterwards (verdicts, action items, later notes). Each list in first-seen order.
    static func people(_ a: IncidentAnalysis, events: [Event], actionItems: [ActionItem]) -> People {
        func md(_ s: String) -> String { MarkdownEscaping.inline(s) }
        func list(_ names: [String?]) -> String? {
            var seen = Set<String>()
            let unique = names.compactMap { $0?.trimming(" ") }.filter { !$0.isEmpty && seen.insert($0).inserted }
            return unique.isEmpty ? nil : unique.map(md).joined(separator: ", ")
        }
        let retracted = Set(events.compactMap(\.retracts))
        let lifecycle = events.filter { $0.kind == .incident && $0.incident == a.incident }.sorted { $0.time < $1.time }
        let commander = lifecycle.first { $0.status == "declared" && $0.actor != nil }?.actor
        let end = a.resolvedAt ?? events.map(\.time).max()
        let notes = events.filter { $0.isPlainNote && !retracted.contains($0.id) && ($0.incident == nil || $0.incident == a.incident) }
        let during = notes.filter { n in end.map { n.time <= $0 } ?? true }
        let after = notes.filter { n in end.map { n.time > $0 } ?? false }
        let fixes = events.filter { e in
            e.kind == .rollback && (e.reverts == a.trigger?.change.id || (a.impactStart.map { e.time >= $0 } ?? false) && (end.map { e.time <= $0 } ?? true))
        }
        let acting = (lifecycle + during + fixes).sorted { $0.time < $1.time }.map(\.actor).filter { $0 != commander }
        let reviewers = a.verdicts.map(\.by) + actionItems.map(\.openedBy) + after.map(\.actor)
        return People(authors: list(reviewers), commander: commander.map(md), responders: list(acting))
    }

    /// What it cost: who reported it, how many reports, the crash blast radius, and the share of the SLO's
    /// error budget the impact used when a target is configured for its services.
    static func business(_ a: IncidentAnalysis, objectives: ServiceObjectives) -> BusinessImpact {
        let reports = a.signals.first { $0.kind == .report }
        var impact = BusinessImpact()
        if let reports {
            impact.reports = "\(Formatting.thousands(reports.occurrences)) external \(plural(reports.occurrences, "report", "reports"))"
            if reports.hosts > 0 {
                impact.customers = "\(Formatting.thousands(reports.hosts)) \(plural(reports.hosts, "customer", "customers")) reported it"
            }
        }
        let b = a.blastRadius
        if b.crashes > 0 || b.hosts > 0 {
            impact.hosts =
                "\(Formatting.thousands(b.crashes)) \(plural(b.crashes, "crash", "crashes")) on \(Formatting.thousands(b.hosts)) \(plural(b.hosts, "host", "hosts"))"
        }
        guard let objective = objectives.objective(for: a.services) else {
            impact.sloMissing = "no SLO target is configured for these services (`[slo]` in hindsight.toml)"
            return impact
        }
        guard let start = a.impactStart, let end = a.resolvedAt ?? a.mitigatedAt else {
            impact.sloMissing = "the impact has no known end yet, so its share of the error budget is unknown"
            return impact
        }
        let budget = objectives.budget(target: objective.target)
        let used = end - start
        let share = budget.milliseconds > 0 ? Double(used.milliseconds) / Double(budget.milliseconds) : 0
        let target = Formatting.decimal((objective.target * 100_000).rounded() / 1000) + "%"
        let on = objective.service.map { " of " + MarkdownEscaping.code($0) } ?? ""
        impact.slo =
            "\(used) of impact is \(Formatting.decimal((share * 1000).rounded() / 10))% of the \(objectives.window) error budget\(on) "
            + "(\(target): \(budget)), counting every request in it as failed"
        return impact
    }

    /// Customer reports and status updates in time order. A status update is a note or incident event
    /// from a status page (its `source` names one: `statuspage`, `githubstatus`, `status-dashboard`), or a
    /// note labelled `audience: external` or `customers`.
    static func communications(_ a: IncidentAnalysis, events: [Event], tz: ReportTimeZone) -> [CommunicationRow] {
        func md(_ s: String) -> String { MarkdownEscaping.inline(s) }
        let retracted = Set(events.compactMap(\.retracts))
        var rows: [(Timestamp, String, CommunicationRow)] = []
        for e in events where !retracted.contains(e.id) {
            let text = [e.summary ?? e.title, e.source.map { "via \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if e.kind == .report {
                let who = e.host.map { " (\($0))" } ?? ""
                rows.append((e.time, e.id, CommunicationRow(time: tz.dateTime(e.time), channel: "customer report", text: md(text + who))))
            } else if isStatusUpdate(e) {
                let what = e.kind == .incident ? "\(e.status ?? "update")" + (e.summary.map { ": \($0)" } ?? "") : text
                rows.append((e.time, e.id, CommunicationRow(time: tz.dateTime(e.time), channel: "status update", text: md(what))))
            }
        }
        return rows.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    static func isStatusUpdate(_ e: Event) -> Bool {
        guard e.kind == .incident || e.isPlainNote else { return false }
        if let source = e.source?.lowercased(), source.contains("status") { return true }
        guard e.kind == .note, let audience = e.labels?["audience"]?.lowercased() else { return false }
        return ["external", "customers", "public"].contains(audience)
    }
}
