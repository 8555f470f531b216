import Hindsight

extension PostmortemViewModel {
    /// How many candidates besides the trigger the draft lists.
    static let candidateLimit = 5

    /// Builds the view model from the analysis and the bounded timeline the store returned
    /// (`EventStore.timeline(for:)`); every value from events is escaped here.
    package init(
        analysis a: IncidentAnalysis, timeline events: [Event], timeZone tz: ReportTimeZone = .utc, actionItems items: [ActionItem] = [],
        objectives: ServiceObjectives = .none
    ) {
        func md(_ s: String) -> String { MarkdownEscaping.inline(s) }
        // The analysis writes instants as RFC 3339 in its sentences; the draft shows every time one way.
        func said(_ s: String) -> String { MarkdownEscaping.inline(tz.rewritingInstants(s)) }
        func code(_ s: String) -> String { MarkdownEscaping.code(s) }
        func when(_ t: Timestamp?) -> String { t.map(tz.dateTime) ?? "unknown" }
        // A span the events contradict says which two disagree instead of showing a negative length.
        func span(_ s: TimeSpan?, _ metric: TimeConflict.Metric) -> String {
            s.map(\.description) ?? a.conflict(metric).map { "unknown: " + md($0.sentence) } ?? "unknown"
        }
        let unknown = "unknown"

        incident = md(a.incident)
        plainHeading = [a.incident, a.title].compactMap { $0 }.joined(separator: ": ")
        heading = md(plainHeading)
        title = a.title.map(md)
        severity = a.severity.map(md)
        status = a.status.map(md)
        services = a.services.isEmpty ? "none recorded" : a.services.map(code).joined(separator: ", ")
        timeZone = md(tz.name)
        toBeCompleted = "_To be completed by the incident owner._"
        tbc = "_to be completed_"

        // Impact.
        let b = a.blastRadius
        let end = a.resolvedAt ?? a.mitigatedAt
        let lastSignal = a.signals.map(\.last).max()
        var blast: String?
        if b.crashes > 0 || b.hosts > 0 {
            var s =
                "\(Formatting.thousands(b.crashes)) \(Self.plural(b.crashes, "crash", "crashes")) "
                + "on \(Formatting.thousands(b.hosts)) \(Self.plural(b.hosts, "host", "hosts"))"
            if !b.services.isEmpty { s += " of " + b.services.map(code).joined(separator: ", ") }
            if !b.regions.isEmpty {
                s += " in \(b.regions.count) \(Self.plural(b.regions.count, "region", "regions")) (\(b.regions.map(md).joined(separator: ", ")))"
            }
            blast = s
        }
        impact = Impact(
            start: when(a.impactStart),
            end: end.map(tz.dateTime) ?? "ongoing (not resolved)",
            duration: a.resolvedAt != nil ? span(a.timeToResolve, .timeToResolve) : span(a.timeToMitigate, .timeToMitigate),
            lastSignal: lastSignal.map(tz.dateTime),
            hosts: Formatting.thousands(b.hosts), crashes: Formatting.thousands(b.crashes),
            services: b.services.isEmpty ? "none" : b.services.map(code).joined(separator: ", "),
            regions: b.regions.isEmpty ? "none recorded" : b.regions.map(md).joined(separator: ", "),
            blast: blast, exposure: b.exposure.flatMap(Self.exposure))

        // Detection.
        var customersFirst: String?
        var internalFirst: String?
        if a.detectedExternallyFirst == true, let report = a.firstExternalReportAt {
            if let detected = a.detectedAt {
                customersFirst =
                    "Customers reported it first: the first external report came at \(tz.dateTime(report)), "
                    + "\(detected - report) before internal detection (\(md(a.detectedBy ?? "unknown"))) at \(tz.dateTime(detected))."
            } else {
                customersFirst = "Customers reported it first: the first external report came at \(tz.dateTime(report)), and nothing internal detected it."
            }
        } else if a.detectedExternallyFirst == false, let detected = a.detectedAt {
            internalFirst =
                "Detected internally (\(md(a.detectedBy ?? "unknown"))) at \(tz.dateTime(detected))"
                + (a.firstExternalReportAt.map { ", before the first customer report at \(tz.dateTime($0))." } ?? ", before any customer report.")
        }
        detection = Detection(
            detectedAt: when(a.detectedAt), detectedBy: a.detectedBy.map(md) ?? "not recorded",
            lag: span(a.detectionLag, .detectionLag), firstReport: a.firstExternalReportAt.map(tz.dateTime),
            customersFirst: customersFirst, internalFirst: internalFirst)

        // Trigger, candidates, latent change.
        trigger = a.trigger.map { t in
            let c = t.change
            var rollout: String?
            if t.rolloutSteps.count > 1 {
                rollout = t.rolloutSteps.map { s in
                    code(s.id) + (s.scope.flatMap(Self.exposure).map { " (\($0))" } ?? "") + " at " + tz.dateTime(s.time)
                }.joined(separator: " → ")
            }
            return Trigger(
                kind: md(c.kind.rawValue), id: code(c.id), service: code(c.service), time: tz.dateTime(c.time),
                version: c.version.map(code), changeSummary: c.summary.map(md), url: c.url.flatMap(Self.link),
                actor: c.actor.map(md), score: Formatting.score(t.score),
                exposure: c.scope.flatMap(Self.exposure), reasons: t.reasons.map(said), rollout: rollout)
        }
        abstention = a.trigger == nil ? said(a.abstention ?? "the correlator named no trigger") : nil
        let others = a.candidates.filter { $0.change.id != a.trigger?.change.id }
        otherCandidates = others.prefix(Self.candidateLimit).map { c in
            CandidateRow(
                score: Formatting.score(c.score), time: tz.dateTime(c.change.time), kind: md(c.change.kind.rawValue),
                id: MarkdownEscaping.code(c.change.id, inTable: true), service: MarkdownEscaping.code(c.change.service, inTable: true),
                why: c.reasons.map(said).joined(separator: "; "))
        }
        hasOtherCandidates = !others.isEmpty
        moreCandidates =
            others.count > Self.candidateLimit
            ? "\(others.count - Self.candidateLimit) more \(Self.plural(others.count - Self.candidateLimit, "candidate", "candidates")) "
                + "in \(MarkdownEscaping.code("hindsight analyze \(a.incident) --json"))."
            : nil
        latent = a.latentChange.map { l in
            Latent(kind: md(l.kind.rawValue), id: code(l.id), time: tz.dateTime(l.time), version: l.version.map(code), reason: a.latentReason.map(said))
        }

        // Mitigation and recovery.
        mitigation = Mitigation(
            mitigatedAt: when(a.mitigatedAt), mitigatedBy: a.mitigatedBy.map(md) ?? "not recorded",
            timeToMitigate: span(a.timeToMitigate, .timeToMitigate), resolvedAt: a.resolvedAt.map(tz.dateTime) ?? "not resolved",
            timeToResolve: span(a.timeToResolve, .timeToResolve),
            rollback: a.rollback.map { "\(code($0.id)) at \(tz.dateTime($0.time))" + ($0.summary.map { ": " + md($0) } ?? "") })

        // Signals, timeline, diagram.
        signals = a.signals.map { SignalRow(kind: Self.kindName($0.kind), text: Self.signalText($0, tz: tz)) }
        hasSignals = !signals.isEmpty
        let built = TimelineBuilder(analysis: a, events: events, timeZone: tz).build()
        timeline = built.rows
        timelineOmitted =
            built.omitted > 0
            ? "\(built.omitted) more \(Self.plural(built.omitted, "event is", "events are")) not shown; list them with `hindsight events`." : nil
        mermaid = built.mermaid

        // Findings.
        findings = a.findings.map { f in
            let verdict = f.ok.map { $0 ? "ok" : "gap" } ?? "unknown"
            return FindingRow(
                verdict: verdict, mark: f.ok.map { $0 ? "✅" : "❌" } ?? "❔", practice: md(Self.practiceName(f.practice)),
                detail: said(f.detail), ok: f.ok == true, gap: f.ok == false, unknown: f.ok == nil)
        }
        wentWell = a.findings.filter { $0.ok == true }.map { said(Self.sentence($0.detail)) }
        wentWrong = a.findings.filter { $0.ok == false }.map { said(Self.sentence($0.detail)) }
        hasWentWell = !wentWell.isEmpty
        hasWentWrong = !wentWrong.isEmpty
        whatIf = a.findings.first { $0.practice == "staged_rollout_whatif" }.map { said(Self.sentence($0.detail)) }
        actionItems = a.findings.compactMap { f in f.ok == false ? Self.actionItem(f, analysis: a) : nil }

        summary = Self.summary(a, impact: impact, tz: tz)
        team = Self.team(a, notes: events, actionItems: items, tz: tz)
        people = Self.people(a, events: events, actionItems: items)
        business = Self.business(a, objectives: objectives)
        communications = Self.communications(a, events: events, tz: tz)
        hasCommunications = !communications.isEmpty
    }

    static func summary(_ a: IncidentAnalysis, impact: Impact, tz: ReportTimeZone) -> String {
        func md(_ s: String) -> String { MarkdownEscaping.inline(s) }
        func code(_ s: String) -> String { MarkdownEscaping.code(s) }
        var s: [String] = []
        let name = a.title.map { "“\(md($0))” (\(md(a.incident)))" } ?? md(a.incident)
        let on = a.services.isEmpty ? "" : " on " + a.services.map(code).joined(separator: ", ")
        if let start = a.impactStart {
            if let end = a.resolvedAt ?? a.mitigatedAt, end >= start {
                s.append("Incident \(name) affected users\(on) from \(tz.dateTime(start)) to \(tz.dateTime(end)) (\(end - start)).")
            } else if let end = a.resolvedAt ?? a.mitigatedAt {
                s.append(
                    "Incident \(name) affected users\(on) from \(tz.dateTime(start)); its recorded end (\(tz.dateTime(end))) comes earlier, "
                        + "so its duration is unknown.")
            } else {
                s.append("Incident \(name) has affected users\(on) since \(tz.dateTime(start)) and is not resolved.")
            }
        } else {
            s.append("Incident \(name)\(on) has no recorded signals, so its impact start is unknown.")
        }
        if let blast = impact.blast { s.append("It caused \(blast).") }
        if let t = a.trigger {
            let c = t.change
            let confirmed = a.confirmation.map { "; the team confirmed it (\(md($0.by ?? "someone")))." }
            var sentence = (confirmed == nil ? "The most likely trigger is" : "The trigger was") + " the \(md(c.kind.rawValue)) \(code(c.id))"
            if let summary = c.summary { sentence += " (\(md(summary)))" }
            sentence += " on \(code(c.service)) at \(tz.dateTime(c.time))"
            if let e = c.scope.flatMap(exposure) { sentence += ", which reached \(e)" }
            sentence += confirmed ?? "; the correlator's confidence is \(Formatting.score(t.score))."
            s.append(sentence)
            if let l = a.latentChange {
                s.append("It switched on code shipped earlier by the \(md(l.kind.rawValue)) \(code(l.id)) at \(tz.dateTime(l.time)).")
            }
        } else {
            s.append("No change could be named as the trigger with confidence: \(md(a.abstention ?? "the correlator abstained")).")
        }
        if a.detectedExternallyFirst == true, let report = a.firstExternalReportAt {
            s.append(
                a.detectedAt.map { "Customers reported it \($0 - report) before it was detected internally." }
                    ?? "Customers reported it, and nothing internal detected it.")
        } else if let lag = a.detectionLag {
            s.append("It was detected \(lag) after impact began (\(md(a.detectedBy ?? "unknown"))).")
        }
        var ending: [String] = []
        if let m = a.timeToMitigate { ending.append("mitigated after \(m)" + (a.mitigatedBy.map { " (\(md($0)))" } ?? "")) }
        if let r = a.timeToResolve { ending.append("resolved after \(r)") }
        if !ending.isEmpty { s.append("It was " + ending.joined(separator: " and ") + ".") }
        return s.joined(separator: " ")
    }

    static func signalText(_ s: SignalSummary, tz: ReportTimeZone) -> String {
        signalCount(s) + (s.first == s.last ? ", at \(tz.dateTime(s.first))" : ", from \(tz.dateTime(s.first)) to \(tz.dateTime(s.last))")
    }

    /// `1,200 crashes on 2 hosts`.
    static func signalCount(_ s: SignalSummary) -> String {
        let n = Formatting.thousands(s.occurrences)
        var text: String
        switch s.kind {
        case .crash: text = "\(n) \(plural(s.occurrences, "crash", "crashes"))"
        case .alert: text = "\(n) \(plural(s.occurrences, "alert", "alerts"))"
        case .report: text = "\(n) external \(plural(s.occurrences, "report", "reports"))"
        default: text = "\(n) \(s.kind.rawValue) signals"
        }
        if s.hosts > 0 { text += " on \(Formatting.thousands(s.hosts)) \(plural(s.hosts, "host", "hosts"))" }
        return text
    }

    static func exposure(_ e: Scope) -> String? {
        var parts: [String] = []
        if let p = e.percent { parts.append("\(Formatting.decimal(p))% of the fleet") }
        if let h = e.hosts { parts.append("\(Formatting.thousands(h)) \(plural(h, "host", "hosts"))") }
        if !e.regions.isEmpty { parts.append("regions " + e.regions.map(MarkdownEscaping.inline).joined(separator: ", ")) }
        if let r = e.ring { parts.append("ring " + MarkdownEscaping.inline(r)) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// A Markdown link for http(s) URLs only; anything else is shown as text, never as a link.
    static func link(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
            !url.contains(where: { $0.isWhitespace || "<>\"`".contains($0) })
        else {
            return MarkdownEscaping.inline(url)
        }
        return "<" + url + ">"
    }

    static func practiceName(_ practice: String) -> String {
        switch practice {
        case "canary": "Canary / staged rollout"
        case "deploy_separated_from_release": "Deploy separated from release"
        case "internal_detection": "Internal detection before customers"
        case "detection_lag": "Detection lag"
        case "rollback": "Rollback"
        case "staged_rollout_whatif": "What if it had been staged"
        default: practice.split(separator: "_").joined(separator: " ").capitalizedFirst
        }
    }

    static func actionItem(_ f: Finding, analysis a: IncidentAnalysis) -> String? {
        let change =
            a.trigger.map {
                "the \(MarkdownEscaping.inline($0.change.kind.rawValue)) changes of \(MarkdownEscaping.code($0.change.service))"
            } ?? "changes"
        switch f.practice {
        case "canary": return "Roll out \(change) in stages (canary first) and halt automatically when crashes rise."
        case "deploy_separated_from_release":
            return "Ship code behind a flag and release it separately from the deploy, so it can be switched off without a deploy."
        case "internal_detection": return "Add monitoring that alerts on this failure before customers report it."
        case "detection_lag": return "Shorten detection (it took \(a.detectionLag?.description ?? "unknown") from impact start)."
        case "rollback": return "Make \(change) revertible with a tested, fast rollback."
        default: return nil
        }
    }

    static func kindName(_ kind: EventKind) -> String {
        switch kind {
        case .crash: "Crashes"
        case .alert: "Alerts"
        case .report: "External reports"
        default: kind.rawValue
        }
    }

    static func sentence(_ s: String) -> String {
        guard let first = s.first else { return s }
        let capital = String(first).uppercased() + s.dropFirst()
        return capital.hasSuffix(".") ? capital : capital + "."
    }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? one : many }
}

extension String {
    var capitalizedFirst: String { first.map { String($0).uppercased() + dropFirst() } ?? self }
}
