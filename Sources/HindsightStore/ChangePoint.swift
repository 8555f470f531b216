import Hindsight

/// The X of `changes --before X`, resolved: a time, an event, or an incident's impact start.
package struct ChangePoint: Sendable {
    package var time: Timestamp
    /// The services of the event or incident (none for a bare time).
    package var services: [String]
    /// `time`, `event` or `incident`.
    package var kind: String
    package var eventID: String?
    package var incidentID: String?
    /// How messages name it: "incident INC-1 (impact start …)".
    package var label: String

    /// Resolves an RFC 3339 time, an incident id or an event id. Anything else is `StoreError.unknownID`
    /// with the nearest stored id or, when no id is near and the text looks like a time
    /// (`2024-07-19T04:09:00`, without an offset), its `TimestampError`.
    package static func resolve(_ text: String, in store: EventStore) throws -> ChangePoint {
        let parsed = Timestamp.parse(text)
        if case .success(let t) = parsed {
            return ChangePoint(time: t, services: [], kind: "time", label: t.rfc3339)
        }
        if try store.hasIncident(text) {
            let scope = try store.incidentScope(text)
            let start = try store.impactStart(of: scope)
            let declared = scope.lifecycle.first { $0.status == "declared" } ?? scope.lifecycle[0]
            let time = start ?? declared.time
            let services = scope.services.filter { $0 != Event.globalService }
            let what = start == nil ? "declared" : "impact start"
            return ChangePoint(
                time: time, services: services, kind: "incident", incidentID: text,
                label: "incident \(text) (\(what) \(time.rfc3339))")
        }
        if let e = try store.event(id: text) {
            let services = e.service == Event.globalService ? [] : [e.service]
            return ChangePoint(
                time: e.time, services: services, kind: "event", eventID: e.id,
                label: "\(e.kind.rawValue) \(e.id) (\(e.time.rfc3339))")
        }
        let nearest = try store.nearestEventOrIncident(to: text)
        if case .failure(let error) = parsed, nearest == nil, Timestamp.looksLikeTime(text) { throw error }
        throw StoreError.unknownID(text, kind: .eventOrIncident, store: store.displayName, suggestion: nearest)
    }
}

extension ChangePoint {
    /// The JSON of `changes --json` and `GET /v1/changes`: the point, the search, and the changes
    /// newest first, each with how long before the point it happened.
    package func json(changes: [Event], window: TimeSpan, services: [String]) -> String {
        var w = JSONWriter()
        w.string("before", time.rfc3339)
        w.string("point", kind)
        w.string("id", eventID ?? incidentID)
        w.int("window_seconds", window.seconds)
        w.stringArray("services", services)
        w.raw(
            "changes",
            JSONWriter.array(
                changes.map { c in
                    c.nativeJSON(adding: "seconds_before", String((time - c.time).seconds))
                }))
        return w.finished()
    }
}
