import Hindsight
import HindsightStore

/// The X of `changes --before X`, resolved: a time, an event, or an incident's impact start.
struct ChangePoint {
    var time: Timestamp
    var services: [String]
    var kind: String
    var eventID: String?
    var incidentID: String?
    var label: String

    static func resolve(_ text: String, in store: EventStore) throws -> ChangePoint {
        if case .success(let t) = Timestamp.parse(text) {
            return ChangePoint(time: t, services: [], kind: "time", label: t.rfc3339)
        }
        if try store.hasIncident(text) {
            let scope = try store.incidentScope(text)
            let start = try store.impactStart(of: scope)
            let declared = scope.lifecycle.first { $0.status == "declared" } ?? scope.lifecycle[0]
            let time = start ?? declared.time
            let services = scope.services.filter { $0 != Event.globalService }
            let what = start == nil ? "declared" : "impact start"
            return ChangePoint(time: time, services: services, kind: "incident", incidentID: text,
                               label: "incident \(text) (\(what) \(time.rfc3339))")
        }
        if let e = try store.event(id: text) {
            let services = e.service == Event.globalService ? [] : [e.service]
            return ChangePoint(time: e.time, services: services, kind: "event", eventID: e.id,
                               label: "\(e.kind.rawValue) \(e.id) (\(e.time.rfc3339))")
        }
        throw StoreError.notFound(text)
    }
}
