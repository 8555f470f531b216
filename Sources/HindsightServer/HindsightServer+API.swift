import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// Runs a JSON read; store and lookup errors become JSON errors.
    func api(_ body: () async throws -> String) async -> Response {
        do {
            return Self.json(try await body())
        } catch {
            return Self.apiError(error).response
        }
    }

    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: e
        case StoreError.unknownID(let id, let kind, _, let suggestion):
            APIError(
                .notFound, "no \(kind.rawValue) '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                hint: "list incidents at /v1/incidents, events at /v1/events")
        case let e as TimestampError:
            APIError(.badRequest, "\(e)", field: "before", hint: "give an RFC 3339 time with an offset, an event id or an incident id")
        case StoreError.busy: APIError(.serviceUnavailable, "the store is busy", hint: "retry shortly", headers: [("Retry-After", "5")])
        default: APIError(.internalServerError, "\(error)", hint: "see the server's log")
        }
    }

    func incidentJSON(_ id: String) async throws -> String {
        let options = settings.analysis
        return try await executor.read { store in
            guard try store.hasIncident(id) else { throw try store.unknownIncident(id) }
            return try store.analysis(incident: id, options: options).json
        }
    }

    /// `GET /v1/changes?before=T|ID&window=24h&service=S`: the JSON of `changes --json`.
    func changesJSON(_ query: Parameters) async throws -> String {
        let search = try ChangeSearch(query)
        return try await executor.read { store in
            let (point, services, changes) = try search.run(in: store)
            return point.json(changes: changes, window: search.window, services: services)
        }
    }

    /// `GET /v1/events?since&until&kind&service&limit`: a JSON array of native events, oldest first.
    func eventsJSON(_ query: Parameters) async throws -> String {
        func time(_ name: String) throws -> Timestamp? {
            guard let text = query.get(name), !text.isEmpty else { return nil }
            switch Timestamp.parse(text) {
            case .success(let t): return t
            case .failure(let e):
                throw APIError(.badRequest, "\(name): \(e.description)", field: name, hint: "give an RFC 3339 time such as 2024-07-19T04:09:00Z")
            }
        }
        var kinds: [EventKind] = []
        for text in query.getAll("kind") {
            guard let k = EventKind(rawValue: text) else {
                throw APIError(
                    .badRequest, "kind '\(text)' is not a kind", field: "kind", hint: "kinds are \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kinds.append(k)
        }
        var limit = 100
        if let text = query.get("limit") {
            guard let n = Int(text), n >= 1, n <= 10_000 else {
                throw APIError(.badRequest, "limit '\(text)' is not between 1 and 10000", field: "limit", hint: "page with since/until for more")
            }
            limit = n
        }
        let filter = EventFilter(since: try time("since"), until: try time("until"), kinds: kinds, services: query.getAll("service"), limit: limit)
        return try await executor.read { store in JSONWriter.array(try store.events(filter).map(\.nativeJSON)) }
    }
}

/// The query of `/v1/changes` and the changes page, validated.
struct ChangeSearch: Sendable {
    var before: String
    var window: TimeSpan
    var services: [String]

    init(_ query: Parameters) throws {
        guard let before = query.get("before"), !before.isEmpty else {
            throw APIError(.badRequest, "before is missing", field: "before", hint: "give an RFC 3339 time, an event id or an incident id")
        }
        self.before = before
        let windowText = query.get("window").flatMap { $0.isEmpty ? nil : $0 } ?? "24h"
        guard let window = TimeSpan.parse(windowText), window.milliseconds > 0 else {
            throw APIError(.badRequest, "window '\(windowText)' is not a duration", field: "window", hint: "durations look like 90s, 30m, 6h, 7d")
        }
        self.window = window
        services = query.getAll("service").filter { !$0.isEmpty }
    }

    /// The point, the services searched (the event's or incident's by default) and the changes, newest first.
    func run(in store: EventStore) throws -> (ChangePoint, [String], [Event]) {
        let point = try ChangePoint.resolve(before, in: store)
        let searched = services.isEmpty ? point.services : services
        return (point, searched, try store.changes(before: point.time, window: window, services: searched, kinds: [], excluding: point.eventID))
    }
}
