extension GuardVerdict {
    /// The guard's JSON (DESIGN.md contract: `change`, `verdict`, `confidence`, `evidence`, `exposure`, `evaluated_at`;
    /// more keys may be added, none renamed). `confidence` is `null` for `inconclusive`.
    public var json: String {
        var w = JSONWriter()
        w.string("change", change.id)
        w.string("verdict", outcome.rawValue)
        w.nullable("confidence", confidence.map { JSONWriter.number(($0 * 1000).rounded() / 1000) })
        w.raw("failing_probability", JSONWriter.number(failingProbability))
        w.raw(
            "evidence",
            JSONWriter.array(
                evidence.map { e in
                    var o = JSONWriter()
                    o.string("rule", e.rule)
                    o.raw("llr", JSONWriter.number((e.llr * 100).rounded() / 100))
                    o.string("text", e.text)
                    return o.finished()
                }))
        w.raw("exposure", exposureJSON)
        w.stringArray("missing", missing)
        var s = JSONWriter()
        s.int("since_first_step", signalsSince)
        s.raw("expected_at_usual_rate", JSONWriter.number((expectedSignals * 10).rounded() / 10))
        s.raw("usual_per_hour", JSONWriter.number((baselineRate * 10).rounded() / 10))
        w.raw("signals", s.finished())
        w.string("service", change.service)
        w.string("kind", change.kind.rawValue)
        w.nullable("version", change.version.map(JSONWriter.quoted))
        w.string("environment", change.environment)
        w.string("incident", incident)
        w.nullable("recovery", recovery.map(JSONWriter.quoted))
        w.string("summary", summary)
        w.string("evaluated_at", evaluatedAt.rfc3339)
        return w.finished()
    }

    var exposureJSON: String {
        var e = JSONWriter()
        e.raw("percent", JSONWriter.number((exposure.percent * 100).rounded() / 100))
        e.bool("percent_recorded", exposure.percentRecorded)
        e.stringArray("regions", exposure.regions)
        e.nullable("hosts", exposure.hosts.map { String($0) })
        e.nullable("ring", exposure.ring.map(JSONWriter.quoted))
        e.nullable("since", exposure.since.map { JSONWriter.quoted($0.rfc3339) })
        e.stringArray("steps", exposure.steps.map(\.id))
        e.nullable("rolled_back_by", exposure.rollback.map { JSONWriter.quoted($0.id) })
        return e.finished()
    }
}
