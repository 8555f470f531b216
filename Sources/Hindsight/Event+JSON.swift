extension Event {
    /// The native JSON object (one JSONL line), fields in EVENTS.md order; absent fields are left out.
    public var nativeJSON: String {
        var w = JSONWriter()
        w.string("id", id)
        w.string("time", time.rfc3339)
        w.string("kind", kind.rawValue)
        w.string("service", service)
        w.string("environment", environment)
        w.string("summary", summary)
        w.string("end", end?.rfc3339)
        w.string("version", version)
        w.string("reverts", reverts)
        w.string("status", status)
        w.string("incident", incident)
        w.string("severity", severity)
        w.string("title", title)
        w.string("host", host)
        if count != 1 { w.int("count", count) }
        w.raw("scope", scope?.json)
        w.string("actor", actor)
        w.string("source", source)
        w.string("url", url)
        w.raw("labels", labels?.json)
        w.raw("attributes", attributes)
        w.string("verdict", verdict)
        w.string("change", change)
        w.string("action", action)
        w.string("owner", owner)
        w.string("due", due)
        w.string("commit_time", commitTime?.rfc3339)
        w.string("priority", priority)
        w.string("action_type", actionType)
        w.string("retracts", retracts)
        return w.finished()
    }

    /// The native JSON object with one more member at its end (`"seconds_before": 72`).
    package func nativeJSON(adding key: String, _ json: String) -> String {
        String(nativeJSON.dropLast()) + "," + JSONWriter.quoted(key) + ":" + json + "}"
    }

    /// Every top-level field of the native format, in EVENTS.md order.
    package static let fieldNames = [
        "time", "kind", "service", "id", "environment", "summary", "end", "version", "reverts",
        "status", "incident", "severity", "title", "host", "count", "scope", "actor", "source",
        "url", "labels", "attributes", "verdict", "change", "action", "owner", "due", "commit_time",
        "priority", "action_type", "retracts",
    ]
}
