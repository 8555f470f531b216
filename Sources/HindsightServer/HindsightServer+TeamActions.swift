import Foundation
import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightReport
import HindsightStore
import Hummingbird

/// The team's actions on an incident, from the site's forms and from the JSON API: the same store calls
/// the CLI makes (`note`, `trigger`, `action`, `retract`, `guard dismiss`), so each lands as the same events.
enum TeamAction: String, Sendable, CaseIterable {
    case note, verdict, action, done, retract, dismiss

    /// The fields each action reads (a form's `csrf`, `form` and `return` aside); the API refuses others.
    var fields: [String] {
        switch self {
        case .note: ["text", "at", "by"]
        case .verdict: ["change", "verdict", "why", "by"]
        case .action: ["text", "owner", "due", "priority", "type", "link", "by"]
        case .done: ["by"]
        case .retract: ["event", "why", "by"]
        case .dismiss: ["change", "why", "by"]
        }
    }

    /// The anchor of the incident page's section it belongs to.
    var anchor: String {
        switch self {
        case .note: "notes"
        case .verdict: "verdicts"
        case .action, .done: "actions"
        case .retract: "team"
        case .dismiss: "guard"
        }
    }
}

extension HindsightServer {
    /// A team action posted by a site form: 303 back to the page it came from with what was saved, or,
    /// when refused, the incident page again with the problem beside the form and what was typed.
    func teamForm(_ action: TeamAction, request: Request, context: ServerContext, target: String) async -> Response {
        let form: FormFields
        if let parsed = context.form {
            form = parsed
        } else {
            form = FormFields(String(decoding: (try? await request.collectedBody()) ?? [], as: UTF8.self))
        }
        let fields = Dictionary(form.pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let view = PageView(request: request, context: context, now: settings.now())
        do {
            let (incident, _) = try await perform(action, target: target, fields: fields, author: context.principal?.name, zone: view.timeZone)
            var location = PageLink.incident(incident) + "?saved=\(action.rawValue)#\(action.anchor)"
            if action == .done, let back = form["return"], !back.isEmpty {
                location = LoginRedirect.safeNext(back)
            }
            return Response(status: .seeOther, headers: [.location: location])
        } catch {
            let e = Self.teamError(error)
            guard action != .done, e.status != .notFound else {
                let html = "<h1>\(h(e.error))</h1>\n<p>\(h(e.hint))</p>\n<p><a href=\"/actions\">Action items</a> · <a href=\"/\">Incidents</a></p>"
                return Self.html(PageLayout.page(title: e.error, body: html, view: view), status: e.status)
            }
            let problem = FormProblem(form: form["form"] ?? action.rawValue, message: "\(e.error): \(e.hint)", fields: form)
            do {
                let (title, html) = try await incidentPage(view, id: target, problem: problem)
                return Self.html(PageLayout.page(title: title, body: html, view: view), status: e.status)
            } catch {
                return Self.html(PageLayout.page(title: e.error, body: "<h1>\(h(e.error))</h1>\n<p>\(h(e.hint))</p>", view: view), status: e.status)
            }
        }
    }

    /// A team action posted to the JSON API: a JSON object of string fields; 201 (200 for marking done)
    /// with what was stored, or the JSON error.
    func teamAPI(_ action: TeamAction, request: Request, context: ServerContext, target: String) async -> Response {
        do {
            let fields = try Self.jsonFields(try await request.collectedBody(), allowed: action.fields)
            let (_, json) = try await perform(action, target: target, fields: fields, author: context.principal?.name, zone: nil)
            return Self.json(json, status: action == .done ? .ok : .created)
        } catch {
            return Self.teamError(error).response
        }
    }

    /// `GET /v1/actions?state=open|overdue|done&owner=&incident=`: action items, in the order they were opened.
    func actionsJSON(_ query: Parameters) async throws -> String {
        let filter = try ActionFilter(query)
        let now = settings.now()
        let items = try await executor.read { try $0.actionItems(incident: filter.incident) }
        return JSONWriter.array(filter.apply(items, now: now).map { $0.json(now: now) })
    }

    /// Validates the fields and records the action; returns the incident and the JSON of what was stored.
    func perform(
        _ action: TeamAction, target: String, fields: [String: String], author: String?, zone: ReportTimeZone?
    ) async throws -> (incident: String, json: String) {
        func value(_ name: String) -> String? {
            guard let v = fields[name]?.trimming(" "), !v.isEmpty else { return nil }
            return v
        }
        func required(_ name: String, _ what: String) throws -> String {
            guard let v = value(name) else { throw APIError(.badRequest, "\(name) is missing", field: name, hint: what) }
            return v
        }
        let by = value("by") ?? author
        let now = settings.now()
        switch action {
        case .note:
            let text = try required("text", "write what happened in the note")
            let at = try value("at").map { try Self.noteTime($0, zone: zone) } ?? now
            let note = try await executor.write { try $0.recordNote(incident: target, text: text, at: at, by: by) }
            return (target, note.nativeJSON)
        case .verdict:
            let change = try required("change", "name the change judged by its id")
            let decisionText = try required("verdict", "give confirmed or rejected")
            guard let decision = TeamVerdict.Decision(rawValue: decisionText) ?? TeamVerdict.Decision(rawValue: decisionText + "ed") else {
                throw APIError(.badRequest, "verdict '\(decisionText)' is not a verdict", field: "verdict", hint: "give confirmed or rejected")
            }
            guard let by else { throw APIError(.badRequest, "by is missing", field: "by", hint: "name who gives the verdict") }
            let why = value("why")
            let v = try await executor.write { try $0.recordVerdict(incident: target, change: change, decision: decision, by: by, why: why, now: now) }
            return (target, v.json)
        case .action:
            let text = try required("text", "say what is to be done")
            let owner = try required("owner", "every action item needs an owner")
            let due = try value("due").map { text -> DueDate in
                switch DueDate.parse(text) {
                case .success(let d): return d
                case .failure(let e): throw APIError(.badRequest, "due: \(e)", field: "due", hint: "give a date such as 2026-12-15 or an RFC 3339 time")
                }
            }
            let priority = try value("priority").map { p -> ActionPriority in
                guard let level = ActionPriority(text: p) else {
                    throw APIError(.badRequest, "priority '\(p)' is not a priority", field: "priority", hint: "give P1 (most urgent), P2, P3 or P4")
                }
                return level
            }
            let type = try value("type").map { t -> ActionType in
                guard let kind = ActionType(rawValue: t.lowercased()) else {
                    throw APIError(
                        .badRequest, "type '\(t)' is not a type of action item", field: "type",
                        hint: "give \(ActionType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
            let link = try value("link").map { l -> String in
                let lower = l.lowercased()
                guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
                    throw APIError(.badRequest, "link '\(l)' is not an http(s) URL", field: "link", hint: "give the ticket's address, https://…")
                }
                return l
            }
            let item = try await executor.write {
                try $0.addActionItem(
                    incident: target, text: text, owner: owner, due: due, link: link, priority: priority, type: type, by: by, now: now)
            }
            return (target, item.json(now: now))
        case .done:
            let item = try await executor.write { try $0.completeActionItem(id: target, by: by, now: now) }
            return (item.incident, item.json(now: now))
        case .retract:
            let event = try required("event", "name the note or verdict to retract by its event id")
            let why = value("why")
            let e = try await executor.write { try $0.retract(incident: target, event: event, why: why, by: by, now: now) }
            return (target, e.nativeJSON)
        case .dismiss:
            // A person's incident that absorbed the guard's alarm stays: only the guard's own incident is dismissed.
            guard let change = GuardFacts.change(ofIncident: target) else {
                throw APIError(
                    .conflict, "'\(target)' is not an incident the guard raised", field: "change",
                    hint: "dismiss the guard's own incident, guard-<change id>; an incident a person declared is not a false alarm")
            }
            // The change named, when it is, must be the incident's own: a dismissal is never stored for another change.
            if let named = value("change"), named != change {
                throw APIError(
                    .conflict, "'\(target)' is the guard's incident of change '\(change)', not of '\(named)'", field: "change",
                    hint: "dismiss a change on its own incident, guard-<change id>, or leave change out")
            }
            let why = try required("why", "say why the alarm was false")
            guard let by else { throw APIError(.badRequest, "by is missing", field: "by", hint: "name who dismisses it") }
            let v = try await executor.write { try $0.dismissSuspicion(change: change, why: why, by: by, now: now) }
            return (target, v.json)
        }
    }

    /// A note's time: RFC 3339, or from a page's form a local `2024-07-19T06:09` in the page's zone.
    static func noteTime(_ text: String, zone: ReportTimeZone?) throws -> Timestamp {
        if case .success(let t) = Timestamp.parse(text) { return t }
        let hint = zone == nil ? "give an RFC 3339 time such as 2024-07-19T04:09:00Z" : "give a date and time such as 2024-07-19T06:09"
        guard let zone, text.count == 16 || text.count == 19, case .success(let asUTC) = Timestamp.parse(text + (text.count == 16 ? ":00Z" : "Z")) else {
            throw APIError(.badRequest, "at '\(text)' is not a time", field: "at", hint: hint)
        }
        // The offset at the local time read as UTC, corrected once for a daylight-saving change in between.
        var t = asUTC - .minutes(Int64(zone.offsetMinutes(at: asUTC)))
        let offset = zone.offsetMinutes(at: t)
        t = asUTC - .minutes(Int64(offset))
        return t
    }

    /// The string fields of a JSON object body; any other shape, a non-string value or a field the action
    /// does not read is a 400 naming it.
    static func jsonFields(_ bytes: [UInt8], allowed: [String]) throws -> [String: String] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw APIError(.badRequest, "the body is not JSON: \(error)", hint: "send one JSON object such as {\"text\": \"…\"}")
        }
        guard let members = value.objectValue else {
            throw APIError(.badRequest, "the body is not a JSON object", hint: "send one JSON object with the fields \(allowed.joined(separator: ", "))")
        }
        var fields: [String: String] = [:]
        for m in members {
            guard allowed.contains(m.key) else {
                let hint = Suggest.nearest(m.key, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                throw APIError(.badRequest, "unknown field '\(m.key)'", field: m.key, hint: "\(hint)the fields are \(allowed.joined(separator: ", "))")
            }
            if case .null = m.value { continue }
            guard let s = m.value.stringValue else {
                throw APIError(.badRequest, "\(m.key) must be a string, not \(m.value.typeName)", field: m.key, hint: "quote the value")
            }
            fields[m.key] = s
        }
        return fields
    }

    /// The answer to a refused team action: store and lookup errors become 4xx with the field at fault.
    static func teamError(_ error: any Error) -> APIError {
        switch error {
        case RetrospectiveError.unknownChange(let id, let incident, _, let suggestion):
            APIError(
                .badRequest, "no change '\(id)' in the store" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), field: "change",
                hint: "list the changes before it at /v1/changes?before=\(queryValue(incident))")
        case RetrospectiveError.notAChange(let id, let kind):
            APIError(.badRequest, "'\(id)' is a \(kind) event, not a change", field: "change", hint: "a trigger is a deploy, release, config or rollback")
        case RetrospectiveError.unknownActionItem(let id, _, let suggestion):
            APIError(
                .notFound, "no action item '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                hint: "list them at /v1/actions")
        case RetrospectiveError.unknownNote(let id, let incident):
            APIError(
                .badRequest, "no note or verdict '\(id)' on incident \(incident)", field: "event",
                hint: "a verdict's event id is in the 'verdicts' of /v1/incidents/\(pathSegment(incident))")
        case RetrospectiveError.notRetractable(let id, let why):
            APIError(.conflict, "'\(id)' cannot be retracted: \(why)", field: "event", hint: "retract a plain note or a verdict")
        case GuardError.notSuspected(let id, _):
            APIError(
                .conflict, "the guard raised no suspected incident for change '\(id)'", field: "change",
                hint: "only a change the guard flagged failing can be dismissed")
        case GuardError.emptyReason: APIError(.badRequest, "\(error)", field: "why", hint: "fill in the field")
        case RetrospectiveError.invalid(let field, let message):
            APIError(.badRequest, "\(field == .by ? "by" : field.rawValue) \(message)", field: field == .by ? "by" : field.rawValue, hint: "fill in the field")
        default: apiError(error)
        }
    }
}

/// The filters of `/actions` and `GET /v1/actions`, validated.
struct ActionFilter: Sendable {
    /// `open` (overdue ones too), `overdue`, `done`, or nil for every item.
    var state: String?
    var owner: String?
    var incident: String?

    static let states = ["open", "overdue", "done"]

    init(_ query: Parameters) throws {
        let state = query.get("state").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }
        if let state, !Self.states.contains(state) {
            throw APIError(.badRequest, "state '\(state)' is not a state", field: "state", hint: "give open, overdue, done or all")
        }
        self.state = state
        owner = query.get("owner").flatMap { $0.isEmpty ? nil : $0 }
        incident = query.get("incident").flatMap { $0.isEmpty ? nil : $0 }
    }

    func apply(_ items: [ActionItem], now: Timestamp) -> [ActionItem] {
        items.filter { item in
            let stateOK =
                switch state {
                case "open": item.state == .open
                case "overdue": item.isOverdue(at: now)
                case "done": item.state == .done
                default: true
                }
            return stateOK && (owner == nil || item.owner == owner)
        }
    }
}
