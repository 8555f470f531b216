import Hindsight

/// Picks and words the timeline rows and the Mermaid diagram: the changes that matter, signals
/// summarised per kind (never listed one by one), lifecycle steps and notes.
struct TimelineBuilder {
    var analysis: IncidentAnalysis
    var events: [Event]
    var timeZone: ReportTimeZone
    /// More rows than this make a table nobody reads; the rest are counted.
    var rowLimit = 60
    var diagramLimit = 16

    struct Item {
        var time: Timestamp
        /// Orders items at the same instant: changes, then signals, then lifecycle, then notes.
        var rank: Int
        var id: String
        var event: String
        var detail: String
        var label: String
        var key: Bool
        var style: String?
    }

    func build() -> (rows: [PostmortemViewModel.TimelineRow], omitted: Int, mermaid: String) {
        let a = analysis
        let tz = timeZone
        func cell(_ s: String) -> String { MarkdownEscaping.inline(s) }
        func code(_ s: String) -> String { MarkdownEscaping.code(s, inTable: true) }
        let triggerID = a.trigger?.change.id
        let latentID = a.latentChange?.id
        let topCandidates = Dictionary(
            a.candidates.prefix(PostmortemViewModel.candidateLimit + 1).map { ($0.change.id, $0.score) },
            uniquingKeysWith: { first, _ in first })
        let start = a.impactStart

        var changes: [String: Event] = [:]
        for e in events where e.kind.isChange { changes[e.id] = e }
        for c in a.candidates.prefix(PostmortemViewModel.candidateLimit + 1) where changes[c.change.id] == nil { changes[c.change.id] = c.change }
        if let l = a.latentChange { changes[l.id] = l }
        if let r = a.rollback { changes[r.id] = r }

        var items: [Item] = []
        for e in changes.values {
            let during = start.map { e.time >= $0 } ?? false
            let role: String?
            var style: String?
            if e.id == triggerID {
                role = "trigger"
                style = "trigger"
            } else if e.id == latentID {
                role = "latent change"
            } else if e.kind == .rollback {
                role = e.reverts.map { "reverts \($0)" } ?? "rollback"
                style = "fix"
            } else if let score = topCandidates[e.id] {
                role = "candidate, \(Formatting.score(score))"
            } else if during {
                role = nil
            } else {
                continue
            }
            var parts: [String] = []
            if let s = e.summary { parts.append(cell(s)) }
            if let v = e.version { parts.append("version " + code(v)) }
            if let x = e.scope.flatMap(PostmortemViewModel.exposure) { parts.append(x) }
            if let r = e.reverts { parts.append("reverts " + code(r)) }
            if let s = e.status, s != "succeeded" { parts.append(cell(s)) }
            var event = "\(cell(e.kind.rawValue)) \(code(e.id)) on \(code(e.service))"
            if let role { event += " (**\(cell(role))**)" }
            let label = "\(e.kind.rawValue) \(e.id)" + (role.map { " (\($0))" } ?? "")
            items.append(
                Item(
                    time: e.time, rank: 0, id: e.id, event: event, detail: parts.joined(separator: "; "),
                    label: label, key: role != nil && !(role?.hasPrefix("candidate") ?? false), style: style))
        }

        for s in a.signals {
            let text = PostmortemViewModel.signalCount(s)
            let first = events.first { $0.kind == s.kind && $0.time == s.first }
            var detail: [String] = []
            if let f = first {
                let what = f.summary ?? f.title
                detail.append("first on " + code(f.service) + (f.host.map { " (" + code($0) + ")" } ?? "") + (what.map { ": " + cell($0) } ?? ""))
            }
            if s.first == a.impactStart { detail.insert("impact starts", at: 0) }
            if s.last != s.first { detail.append("the last at " + tz.dateTime(s.last)) }
            items.append(
                Item(
                    time: s.first, rank: 1, id: "signal-\(s.kind.rawValue)", event: text, detail: detail.joined(separator: "; "),
                    label: text, key: true, style: s.kind == .report ? "external" : "signal"))
        }

        for e in events where e.kind == .incident {
            let status = e.status ?? "updated"
            // The title is the draft's heading; a lifecycle row says only what changed.
            var parts: [String] = []
            if let sev = e.severity { parts.append("severity " + cell(sev)) }
            if let s = e.summary { parts.append(cell(s)) }
            if let actor = e.actor { parts.append("by " + cell(actor)) }
            items.append(
                Item(
                    time: e.time, rank: 2, id: e.id, event: "Incident \(cell(status))", detail: parts.joined(separator: "; "),
                    label: "incident \(status)", key: true, style: status == "resolved" || status == "mitigated" ? "fix" : nil))
        }

        // Verdicts and action items are the team's review, shown in its own section, not the timeline;
        // a retracted note and the retraction itself leave it.
        let retracted = Set(events.compactMap(\.retracts))
        for e in events where e.isPlainNote && !retracted.contains(e.id) {
            let who = e.actor.map { " by " + cell($0) } ?? ""
            items.append(
                Item(
                    time: e.time, rank: 3, id: e.id, event: "Note\(who)", detail: cell(e.summary ?? e.title ?? ""),
                    label: "note", key: false, style: nil))
        }

        items.sort { ($0.time, $0.rank, $0.id) < ($1.time, $1.rank, $1.id) }
        let shown = items.prefix(rowLimit)
        let rows = shown.map { PostmortemViewModel.TimelineRow(time: tz.dateTime($0.time), event: $0.event, detail: $0.detail) }
        return (rows, items.count - shown.count, mermaid(items.filter(\.key)))
    }

    /// A top-down flowchart: Mermaid's `timeline` diagram splits on `:`, which every clock time has.
    func mermaid(_ items: [Item]) -> String {
        var lines = ["flowchart TD"]
        let key = items.prefix(diagramLimit)
        for (i, item) in key.enumerated() {
            let label = MarkdownEscaping.mermaidLabel("\(timeZone.dateTime(item.time)) \(item.label)")
            lines.append("    n\(i)[\"\(label)\"]")
        }
        if key.count > 1 {
            lines.append("    " + (0..<key.count).map { "n\($0)" }.joined(separator: " --> "))
        }
        var styled: [String: [String]] = [:]
        for (i, item) in key.enumerated() { if let s = item.style { styled[s, default: []].append("n\(i)") } }
        let colours = [
            "trigger": "fill:#fde2e1,stroke:#c0392b", "signal": "fill:#fff4d6,stroke:#b7791f",
            "external": "fill:#fde2e1,stroke:#c0392b,stroke-dasharray:4", "fix": "fill:#e3f4e1,stroke:#2f855a",
        ]
        for name in styled.keys.sorted() {
            lines.append("    classDef \(name) \(colours[name] ?? "")")
            lines.append("    class \(styled[name]!.joined(separator: ",")) \(name)")
        }
        return lines.joined(separator: "\n")
    }
}
