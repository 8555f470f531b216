extension WhatIfResult {
    /// `whatif --json`: times RFC 3339, spans in seconds, unknown values `null`.
    public var json: String {
        var w = JSONWriter()
        w.string("incident", incident)
        w.string("trigger", trigger)
        w.string("plan", plan.description)
        w.raw(
            "stages",
            JSONWriter.array(
                plan.stages.map { s in
                    var o = JSONWriter()
                    o.double("percent", s.percent)
                    o.nullable("hold_seconds", s.hold.map { String($0.seconds) })
                    return o.finished()
                }))
        w.raw(
            "actual_rollout",
            JSONWriter.array(
                actualCurve.map { p in
                    var o = JSONWriter()
                    o.string("id", p.eventID)
                    o.string("time", p.time.rfc3339)
                    o.double("percent", p.percent)
                    return o.finished()
                }))
        w.nullable("fleet_hosts", fleetHosts.map { String($0) })
        w.nullable("impact_rate", impactRate.map(JSONWriter.number))
        w.int("onset_delay_seconds", onsetDelay.seconds)
        w.int("detection_lag_seconds", detectionLag.seconds)
        w.bool("detection_lag_measured", detectionLagMeasured)
        w.int("rollback_delay_seconds", rollbackDelay.seconds)
        w.raw("actual", Self.outcomeJSON(actual))
        w.raw("simulated", Self.outcomeJSON(simulated))
        w.raw("reduction_factor", JSONWriter.number((reductionFactor * 1000).rounded() / 1000))
        w.string("sentence", sentence)
        w.stringArray("assumptions", assumptions)
        return w.finished()
    }

    static func outcomeJSON(_ o: WhatIfOutcome) -> String {
        var w = JSONWriter()
        w.double("exposed_percent", o.exposedPercent)
        if let stage = o.stage { w.int("stage", stage) }
        w.nullable("hosts_exposed", o.hostsExposed.map { String($0) })
        w.nullable("hosts_affected", o.hostsAffected.map { String($0) })
        w.nullable("impact_start", o.impactStart.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("detected_at", o.detectedAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("halted_at", o.haltedAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("duration_seconds", o.duration.map { String($0.seconds) })
        return w.finished()
    }
}
