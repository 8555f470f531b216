extension IncidentAnalysis {
    /// The `analyze --json` contract of DESIGN.md (keys may be added, never renamed); unknown values are `null`.
    public var json: String {
        var w = JSONWriter()
        w.string("incident", incident)
        w.nullable("title", title.map(JSONWriter.quoted))
        w.nullable("severity", severity.map(JSONWriter.quoted))
        w.nullable("status", status.map(JSONWriter.quoted))
        w.stringArray("services", services)
        w.nullable("impact_start", impactStart.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("detected_at", detectedAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("detected_by", detectedBy.map(JSONWriter.quoted))
        w.nullable("first_external_report_at", firstExternalReportAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("mitigated_at", mitigatedAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("mitigated_by", mitigatedBy.map(JSONWriter.quoted))
        w.nullable("resolved_at", resolvedAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("detection_lag_seconds", detectionLag.map { String($0.seconds) })
        w.nullable("time_to_mitigate_seconds", timeToMitigate.map { String($0.seconds) })
        w.nullable("time_to_resolve_seconds", timeToResolve.map { String($0.seconds) })
        w.nullable("detected_externally_first", detectedExternallyFirst.map { $0 ? "true" : "false" })
        w.raw(
            "conflicts",
            JSONWriter.array(
                conflicts.map { c in
                    var o = JSONWriter()
                    o.string("metric", c.metric.rawValue)
                    o.string("event", c.event.id)
                    o.string("event_time", c.event.time.rfc3339)
                    o.nullable("first_signal", c.firstSignal.map { JSONWriter.quoted($0.id) })
                    o.string("impact_start", c.impactStart.rfc3339)
                    o.string("text", c.sentence)
                    return o.finished()
                }))
        w.nullable("trigger", trigger.map { triggerJSON($0) })
        w.nullable("correlator_trigger", correlatorTrigger.map { Self.candidateJSON($0) })
        w.raw("verdicts", JSONWriter.array(verdicts.map(\.json)))
        w.nullable("abstention", abstention.map(JSONWriter.quoted))
        w.raw("candidates", JSONWriter.array(candidates.map { Self.candidateJSON($0) }))
        w.nullable(
            "latent_change",
            latentChange.map { l in
                var o = JSONWriter()
                o.string("id", l.id)
                o.string("kind", l.kind.rawValue)
                o.string("service", l.service)
                o.string("time", l.time.rfc3339)
                o.nullable("version", l.version.map(JSONWriter.quoted))
                o.nullable("reason", latentReason.map(JSONWriter.quoted))
                return o.finished()
            })
        w.nullable(
            "rollback",
            rollback.map { r in
                var o = JSONWriter()
                o.string("id", r.id)
                o.string("time", r.time.rfc3339)
                return o.finished()
            })
        var b = JSONWriter()
        b.int("hosts", blastRadius.hosts)
        b.int("crashes", blastRadius.crashes)
        b.stringArray("services", blastRadius.services)
        b.stringArray("regions", blastRadius.regions)
        b.nullable("exposure", blastRadius.exposure?.json)
        w.raw("blast_radius", b.finished())
        w.raw(
            "signals",
            JSONWriter.array(
                signals.map { s in
                    var o = JSONWriter()
                    o.string("kind", s.kind.rawValue)
                    o.int("events", s.events)
                    o.int("occurrences", s.occurrences)
                    o.int("hosts", s.hosts)
                    o.string("first", s.first.rfc3339)
                    o.string("last", s.last.rfc3339)
                    return o.finished()
                }))
        w.raw(
            "findings",
            JSONWriter.array(
                findings.map { f in
                    var o = JSONWriter()
                    o.string("practice", f.practice)
                    o.nullable("ok", f.ok.map { $0 ? "true" : "false" })
                    o.string("detail", f.detail)
                    return o.finished()
                }))
        return w.finished()
    }

    static func candidateJSON(_ c: Candidate) -> String {
        var o = JSONWriter()
        o.string("id", c.change.id)
        o.string("kind", c.change.kind.rawValue)
        o.string("service", c.change.service)
        o.string("time", c.change.time.rfc3339)
        o.nullable("version", c.change.version.map(JSONWriter.quoted))
        o.raw("score", JSONWriter.number(c.score))
        o.stringArray("reasons", c.reasons)
        if !c.rolloutSteps.isEmpty { o.stringArray("rollout_steps", c.rolloutSteps.map(\.id)) }
        return o.finished()
    }
}
