extension Review {
    /// `review --format json`: every figure, spans in seconds, unknown values `null`, with the definitions used.
    public var json: String {
        var w = JSONWriter()
        w.string("since", since.rfc3339)
        w.string("until", until.rfc3339)
        w.string("now", now.rfc3339)
        w.stringArray("services", services)
        w.string("percentile", Percentile.definition)
        w.raw("overall", Self.figuresJSON(overall))
        w.raw("dora", Self.doraJSON(dora))
        w.raw("definitions", "{" + DORAKeys.definitions.map { JSONWriter.quoted($0.key) + ":" + JSONWriter.quoted($0.definition) }.joined(separator: ",") + "}")
        w.raw(
            "by_service",
            JSONWriter.array(
                byService.map { s in
                    var o = JSONWriter()
                    o.string("service", s.service)
                    o.raw("figures", Self.figuresJSON(s.figures))
                    o.raw("dora", Self.doraJSON(s.dora))
                    return o.finished()
                }))
        w.raw(
            "by_month",
            JSONWriter.array(
                byMonth.map { m in
                    var o = JSONWriter()
                    o.string("month", m.month)
                    o.raw("figures", Self.figuresJSON(m.figures))
                    o.raw("dora", Self.doraJSON(m.dora))
                    return o.finished()
                }))
        w.raw(
            "recurring_gaps",
            JSONWriter.array(
                recurringGaps.map { g in
                    var o = JSONWriter()
                    o.string("practice", g.practice)
                    o.string("label", g.label)
                    o.int("gaps", g.gaps)
                    o.int("out_of", g.outOf)
                    o.string("of", g.of)
                    o.stringArray("incidents", g.incidents)
                    return o.finished()
                }))
        w.raw(
            "incidents",
            JSONWriter.array(
                incidents.map { p in
                    var o = JSONWriter()
                    o.string("incident", p.incident)
                    o.string("at", p.at.rfc3339)
                    o.nullable("detection_lag_seconds", p.detectionLag.map { String($0.seconds) })
                    o.bool("detected_by_customers_first", p.detectedByCustomersFirst)
                    o.nullable("trigger", p.trigger.map(JSONWriter.quoted))
                    return o.finished()
                }))
        return w.finished()
    }

    static func seconds(_ s: TimeSpan?) -> String? { s.map { String($0.seconds) } }

    static func figuresJSON(_ f: ReviewFigures) -> String {
        var o = JSONWriter()
        o.int("incidents", f.incidents)
        o.int("change_triggered", f.changeTriggered)
        let kinds = f.triggeredByKind.sorted { $0.key < $1.key }.map { JSONWriter.quoted($0.key) + ":\($0.value)" }
        o.raw("triggered_by_kind", "{" + kinds.joined(separator: ",") + "}")
        o.nullable("change_triggered_share", f.incidents > 0 ? JSONWriter.number(Double(f.changeTriggered) / Double(f.incidents)) : nil)
        o.int("detection_lags", f.detectionLags)
        o.nullable("detection_lag_median_seconds", seconds(f.detectionLagMedian))
        o.nullable("detection_lag_p90_seconds", seconds(f.detectionLagP90))
        o.int("detected_by_customers_first", f.detectedByCustomersFirst)
        o.nullable("detected_by_customers_first_share", f.incidents > 0 ? JSONWriter.number(Double(f.detectedByCustomersFirst) / Double(f.incidents)) : nil)
        o.int("mitigations", f.mitigations)
        o.nullable("time_to_mitigate_median_seconds", seconds(f.timeToMitigateMedian))
        o.nullable("time_to_mitigate_p90_seconds", seconds(f.timeToMitigateP90))
        o.int("open_action_items", f.openActionItems)
        o.int("overdue_action_items", f.overdueActionItems)
        o.int("false_alarms", f.falseAlarms)
        return o.finished()
    }

    static func doraJSON(_ d: DORAKeys) -> String {
        var o = JSONWriter()
        o.int("changes", d.changes)
        o.raw("days", JSONWriter.number(d.days))
        o.nullable("deployment_frequency_per_week", d.perWeek.map(JSONWriter.number))
        o.int("lead_times", d.leadTimes)
        o.nullable("lead_time_median_seconds", seconds(d.leadTimeMedian))
        o.nullable("lead_time_p90_seconds", seconds(d.leadTimeP90))
        o.int("failed_changes", d.failedChanges)
        o.nullable("change_failure_rate", d.changeFailureRate.map(JSONWriter.number))
        o.int("recoveries", d.recoveries)
        o.nullable("recovery_median_seconds", seconds(d.recoveryMedian))
        o.nullable("recovery_p90_seconds", seconds(d.recoveryP90))
        return o.finished()
    }
}
