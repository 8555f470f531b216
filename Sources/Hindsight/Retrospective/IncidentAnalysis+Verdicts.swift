extension IncidentAnalysis {
    /// The trigger's JSON object: the candidate's, plus `confirmed_by`, `confirmed_at` and `confirmed_why` when the team confirmed it.
    func triggerJSON(_ c: Candidate) -> String {
        let object = Self.candidateJSON(c)
        guard let v = confirmation else { return object }
        var w = JSONWriter()
        w.nullable("confirmed_by", v.by.map(JSONWriter.quoted))
        w.string("confirmed_at", v.time.rfc3339)
        w.nullable("confirmed_why", v.why.map(JSONWriter.quoted))
        return String(object.dropLast()) + "," + String(w.finished().dropFirst())
    }
}

extension TeamVerdict {
    /// `{"change": "…", "verdict": "confirmed", "by": "…", "why": "…", "at": "…", "event": "…"}`.
    public var json: String {
        var w = JSONWriter()
        w.string("change", change)
        w.string("verdict", decision.rawValue)
        w.nullable("by", by.map(JSONWriter.quoted))
        w.nullable("why", why.map(JSONWriter.quoted))
        w.string("at", time.rfc3339)
        w.string("event", eventID)
        return w.finished()
    }
}
