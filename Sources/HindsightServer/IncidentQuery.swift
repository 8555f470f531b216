import Foundation
import Hindsight
import HindsightStore
import Hummingbird

/// The query parameters of `GET /v1/incidents` and `/`, named as the CLI's flags (`trigger-kind`, `has-trigger`,
/// `customers-first`; `trigger_kind` and the like are accepted too), validated into an `IncidentFilter`.
/// `service` and `severity` repeat, or take a comma-separated list (as the page's form sends them).
struct IncidentQuery {
    var filter = IncidentFilter()
    /// The largest page.
    static let maxLimit = 1000

    init(_ query: Parameters, defaultLimit: Int) throws {
        func value(_ name: String) -> String? {
            let text = query.get(name) ?? query.get(name.replacingOccurrences(of: "-", with: "_"))
            return text.flatMap { $0.isEmpty ? nil : $0 }
        }
        func list(_ name: String) -> [String] {
            query.getAll(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func flag(_ name: String) throws -> Bool {
            guard let text = value(name) else { return false }
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw APIError(.badRequest, "\(name) '\(text)' is not true or false", field: name, hint: "give \(name)=true or leave it out")
            }
        }
        func time(_ name: String) throws -> Timestamp? {
            guard let text = value(name) else { return nil }
            switch Timestamp.parse(text) {
            case .success(let t): return t
            case .failure(let e):
                throw APIError(.badRequest, "\(name): \(e.description)", field: name, hint: "give an RFC 3339 time such as 2024-07-19T04:09:00Z")
            }
        }
        filter.since = try time("since")
        filter.until = try time("until")
        filter.services = list("service")
        filter.severities = list("severity")
        if let status = value("status") {
            guard ["declared", "mitigated", "resolved", IncidentFilter.openStatus].contains(status) else {
                throw APIError(.badRequest, "status '\(status)' is not a status", field: "status", hint: "use declared, mitigated, resolved or open")
            }
            filter.status = status
        }
        if let text = value("trigger-kind") {
            guard let kind = EventKind(rawValue: text), IncidentFilter.triggerKinds.contains(kind) else {
                throw APIError(
                    .badRequest, "trigger-kind '\(text)' is not a change kind", field: "trigger-kind", hint: "use deploy, release, config or rollback")
            }
            filter.triggerKind = kind
        }
        filter.hasTrigger = try flag("has-trigger")
        filter.customersFirst = try flag("customers-first")
        filter.search = value("search")
        filter.limit = defaultLimit
        if let text = value("limit") {
            guard let n = Int(text), n >= 1, n <= Self.maxLimit else {
                throw APIError(
                    .badRequest, "limit '\(text)' is not between 1 and \(Self.maxLimit)", field: "limit", hint: "page on with after=CURSOR from the Link header"
                )
            }
            filter.limit = n
        }
        if let text = value("after") {
            guard let cursor = IncidentCursor(text: text) else {
                throw APIError(
                    .badRequest, "after '\(text)' is not a cursor", field: "after", hint: "pass the cursor of the previous page's Link header or link")
            }
            filter.after = cursor
        }
    }

    /// Whether anything but the page narrows the list.
    var isFiltered: Bool {
        var unpaged = filter
        unpaged.limit = nil
        unpaged.after = nil
        return unpaged != IncidentFilter()
    }

    /// `path` with the same query and `after` set to `cursor` (removed when nil).
    static func url(_ path: String, _ query: Parameters, after cursor: IncidentCursor?) -> String {
        var items: [String] = []
        for (key, value) in query where key != "after" && !value.isEmpty {
            items.append(HindsightServer.queryValue(String(key)) + "=" + HindsightServer.queryValue(String(value)))
        }
        if let cursor { items.append("after=" + cursor.text) }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }
}
