/// Turns an incident's aggregated facts into metrics, ranked candidates and findings (EVENTS.md definitions).
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) { self.options = options }

    /// The analysis of `input`, with the team's `verdicts` laid over the correlator's ranking (`VerdictLayer`).
    public func analyze(_ input: AnalysisInput, verdicts: Verdicts = Verdicts()) -> IncidentAnalysis {
        var a = IncidentAnalysis(incident: input.incident, services: input.services)
        let lifecycle = input.lifecycle
        a.title = lifecycle.last(where: { $0.title != nil })?.title
        a.severity = lifecycle.last(where: { $0.severity != nil })?.severity
        a.status = lifecycle.last(where: { $0.status != nil })?.status
        a.signals = input.signals.sorted { $0.kind < $1.kind }

        a.impactStart = input.impactStart
        let declared = lifecycle.first { $0.status == "declared" }
        let detection: Event?
        switch (input.firstAlert, declared) {
        case (let alert?, let d?) where d.time < alert.time:
            detection = d
            a.detectedBy = "incident declared"
        case (let alert?, _):
            detection = alert
            a.detectedBy = "alert" + (alert.summary.map { " \"\($0)\"" } ?? " on \(alert.service)")
        case (nil, let d?):
            detection = d
            a.detectedBy = "incident declared"
        case (nil, nil):
            detection = nil
        }
        a.detectedAt = detection?.time
        a.firstExternalReportAt = input.firstReport?.time
        if let report = a.firstExternalReportAt {
            a.detectedExternallyFirst = a.detectedAt.map { report < $0 } ?? true
        } else {
            a.detectedExternallyFirst = false
        }

        let layer = VerdictLayer(verdicts: verdicts)
        let correlated = Correlator(options: options).rank(layer.filtered(input))
        let ranking = layer.apply(to: correlated, input: input)
        layer.record(in: &a, correlated: correlated, final: ranking)
        a.candidates = ranking.candidates
        a.trigger = ranking.trigger
        a.abstention = ranking.abstention
        a.latentChange = ranking.latentChange
        a.latentReason = ranking.latentReason
        a.rollback = ranking.triggerFacts?.rollback

        let mitigatedEvent = lifecycle.first { $0.status == "mitigated" }
        let mitigation: Event?
        if let r = a.rollback, r.time <= (mitigatedEvent?.time ?? r.time) {
            mitigation = r
            a.mitigatedBy = "rollback \(r.id)"
        } else {
            mitigation = mitigatedEvent
            a.mitigatedBy = mitigatedEvent.map { _ in "incident marked mitigated" }
        }
        a.mitigatedAt = mitigation?.time
        let resolution = lifecycle.first { $0.status == "resolved" }
        a.resolvedAt = resolution?.time

        a.measure(detection: detection, mitigation: mitigation, resolution: resolution, firstSignal: input.firstSignal)
        a.blastRadius = input.blast
        a.blastRadius.exposure = a.trigger?.change.scope
        a.findings = findings(a)
        if let rollout = rolloutFinding(a) { a.findings.append(rollout) }
        if let whatIf = WhatIfModel.finding(for: a) { a.findings.append(whatIf) }
        return a
    }

    func findings(_ a: IncidentAnalysis) -> [Finding] {
        var out: [Finding] = []
        let none = "no trigger was identified"
        if let t = a.trigger {
            let steps = t.rolloutSteps.isEmpty ? [t.change] : t.rolloutSteps
            let first = steps[0]
            let firstPercent = first.scope?.percent
            if steps.count > 1 || (firstPercent.map { $0 < 100 } ?? false) || first.scope?.ring != nil {
                let path = steps.map { s in s.scope?.percent.map { "\(Formatting.decimal($0))%" } ?? s.scope?.ring ?? "?" }.joined(separator: " → ")
                out.append(
                    Finding(
                        practice: "canary", ok: true,
                        detail: "\(t.change.id) was rolled out in \(steps.count) stage\(steps.count == 1 ? "" : "s") (\(path)), starting \(first.time.rfc3339)")
                )
            } else if firstPercent == 100 || first.service == Event.globalService {
                out.append(
                    Finding(
                        practice: "canary", ok: false,
                        detail: "\(t.change.id) went to the whole fleet at once at \(first.time.rfc3339), with no canary or staged rollout"))
            } else {
                out.append(
                    Finding(
                        practice: "canary", ok: nil,
                        detail: "\(t.change.id) records no scope, so whether it was staged is unknown; record scope.percent on changes"))
            }
            switch t.change.kind {
            case .release:
                out.append(
                    Finding(
                        practice: "deploy_separated_from_release", ok: true,
                        detail: "the trigger is a release (\(t.change.id))"
                            + (a.latentChange.map { "; the code was deployed earlier by \($0.id) at \($0.time.rfc3339)" } ?? "")))
            case .config:
                if let l = a.latentChange {
                    out.append(
                        Finding(
                            practice: "deploy_separated_from_release", ok: true,
                            detail: "the code was deployed by \(l.id) at \(l.time.rfc3339) and switched on by config change \(t.change.id)"))
                } else {
                    out.append(
                        Finding(
                            practice: "deploy_separated_from_release", ok: nil,
                            detail: "the trigger is a config push (\(t.change.id)); no earlier deploy is linked to it"))
                }
            case .deploy:
                out.append(
                    Finding(
                        practice: "deploy_separated_from_release", ok: false,
                        detail:
                            "deploy \(t.change.id) exposed users directly; ship behind a flag and release separately so it can be switched off without a deploy"
                    ))
            case .rollback:
                out.append(Finding(practice: "deploy_separated_from_release", ok: nil, detail: "the trigger is a rollback (\(t.change.id))"))
            default: break
            }
        } else {
            out.append(Finding(practice: "canary", ok: nil, detail: none))
            out.append(Finding(practice: "deploy_separated_from_release", ok: nil, detail: none))
        }

        switch (a.detectedExternallyFirst, a.firstExternalReportAt, a.detectedAt) {
        case (true?, let report?, let detected?):
            out.append(
                Finding(
                    practice: "internal_detection", ok: false,
                    detail:
                        "customers reported it at \(report.rfc3339), \(detected - report) before internal detection (\(a.detectedBy ?? "")) at \(detected.rfc3339)"
                ))
        case (true?, let report?, nil):
            out.append(
                Finding(practice: "internal_detection", ok: false, detail: "customers reported it at \(report.rfc3339) and nothing internal detected it"))
        case (false?, _, let detected?):
            out.append(
                Finding(
                    practice: "internal_detection", ok: true,
                    detail: "detected internally (\(a.detectedBy ?? "")) at \(detected.rfc3339)"
                        + (a.firstExternalReportAt.map { ", before the first customer report at \($0.rfc3339)" } ?? ", with no customer report")))
        default:
            out.append(Finding(practice: "internal_detection", ok: nil, detail: "no detection is recorded"))
        }

        if let lag = a.detectionLag {
            let ok = lag <= options.detectionTarget
            out.append(Finding(practice: "detection_lag", ok: ok, detail: "detected \(lag) after impact start, against a target of \(options.detectionTarget)"))
        } else {
            out.append(Finding(practice: "detection_lag", ok: nil, detail: a.conflict(.detectionLag)?.sentence ?? "impact start or detection time unknown"))
        }

        if let t = a.trigger {
            if let r = a.rollback, let start = a.impactStart {
                let when = r.time < start ? "\(start - r.time) before impact start (see the conflicts)" : "\(r.time - start) after impact start"
                out.append(Finding(practice: "rollback", ok: true, detail: "\(t.change.id) was rolled back by \(r.id) at \(r.time.rfc3339), \(when)"))
            } else {
                out.append(Finding(practice: "rollback", ok: false, detail: "no rollback of \(t.change.id) is recorded"))
            }
        } else {
            out.append(Finding(practice: "rollback", ok: nil, detail: none))
        }
        return out
    }
}
