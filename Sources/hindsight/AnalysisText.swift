import Hindsight

/// The human summary `hindsight analyze` prints.
enum AnalysisText {
    static func render(_ a: IncidentAnalysis) -> String {
        var out: [String] = []
        let head = [a.incident, a.title].compactMap { $0 }.joined(separator: ": ")
        out.append(TextTable.oneLine(head) + [a.severity, a.status].compactMap { $0 }.map { " [\($0)]" }.joined())
        out.append("services: \(a.services.joined(separator: ", "))")
        out.append("")
        func time(_ t: Timestamp?) -> String { t?.rfc3339 ?? "unknown" }
        func span(_ s: TimeSpan?, _ metric: TimeConflict.Metric) -> String {
            s.map { "\($0)" } ?? (a.conflict(metric) == nil ? "unknown" : "unknown: two events disagree (below)")
        }
        var metrics = TextTable(["METRIC", "VALUE"])
        metrics.add(["impact start", time(a.impactStart)])
        metrics.add(["detected at", time(a.detectedAt) + (a.detectedBy.map { " (\($0))" } ?? "")])
        metrics.add(["first external report", a.firstExternalReportAt?.rfc3339 ?? "none"])
        metrics.add(["detected externally first", a.detectedExternallyFirst.map { $0 ? "YES: customers noticed first" : "no" } ?? "unknown"])
        metrics.add(["detection lag", span(a.detectionLag, .detectionLag)])
        metrics.add(["mitigated at", time(a.mitigatedAt) + (a.mitigatedBy.map { " (\($0))" } ?? "")])
        metrics.add(["time to mitigate", span(a.timeToMitigate, .timeToMitigate)])
        metrics.add(["resolved at", time(a.resolvedAt)])
        metrics.add(["time to resolve", span(a.timeToResolve, .timeToResolve)])
        let b = a.blastRadius
        metrics.add([
            "blast radius",
            "\(Formatting.thousands(b.hosts)) hosts, \(Formatting.thousands(b.crashes)) crashes, \(b.services.count) service\(b.services.count == 1 ? "" : "s"), \(b.regions.count) region\(b.regions.count == 1 ? "" : "s")",
        ])
        if let e = b.exposure {
            metrics.add(["trigger exposure", exposureText(e)])
        }
        out.append(metrics.render())
        for c in a.conflicts { out.append("Conflict: " + TextTable.oneLine(c.sentence)) }
        out.append("")
        if let t = a.trigger {
            out.append(
                "Trigger: \(t.change.kind.rawValue) \(t.change.id) on \(t.change.service) at \(t.change.time.rfc3339) (score \(Formatting.score(t.score)))")
            for r in t.reasons { out.append("  - " + TextTable.oneLine(r)) }
            if let l = a.latentChange {
                out.append("Latent change: \(l.kind.rawValue) \(l.id) at \(l.time.rfc3339)" + (a.latentReason.map { ": " + $0 } ?? ""))
            }
        } else {
            out.append("Trigger: none. " + (a.abstention ?? ""))
        }
        if a.confirmation != nil {
            out.append(
                "Correlator's own choice: "
                    + (a.correlatorTrigger.map { "\($0.change.kind.rawValue) \($0.change.id) (score \(Formatting.score($0.score)))" } ?? "none"))
        }
        for v in a.verdicts { out.append("Verdict: \(v.change) " + TextTable.oneLine(v.sentence)) }
        let others = a.candidates.filter { $0.change.id != a.trigger?.change.id }
        if !others.isEmpty {
            out.append("")
            out.append("Other candidates:")
            var table = TextTable(["SCORE", "WHEN", "KIND", "SERVICE", "ID", "WHY"])
            for c in others.prefix(10) {
                table.add([
                    Formatting.score(c.score), c.change.time.rfc3339, c.change.kind.rawValue, c.change.service, c.change.id, c.reasons.joined(separator: "; "),
                ])
            }
            table.lastColumnLimit = 100
            out.append(table.render())
            if others.count > 10 { out.append("(\(others.count - 10) more in --json)") }
        }
        out.append("")
        out.append("Findings:")
        for f in a.findings {
            let mark = f.ok.map { $0 ? "ok  " : "GAP " } ?? "?   "
            out.append("  \(mark) \(f.practice): \(TextTable.oneLine(f.detail))")
        }
        return out.joined(separator: "\n")
    }

    static func exposureText(_ e: Scope) -> String {
        var parts: [String] = []
        if let p = e.percent { parts.append("\(Formatting.decimal(p))% of the fleet") }
        if let h = e.hosts { parts.append("\(Formatting.thousands(h)) hosts") }
        if !e.regions.isEmpty { parts.append("regions " + e.regions.joined(separator: ", ")) }
        if let r = e.ring { parts.append("ring \(r)") }
        return parts.isEmpty ? "unspecified" : parts.joined(separator: ", ")
    }
}
