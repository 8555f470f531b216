import Hindsight
import HindsightFormats

extension Event {
    /// The columns a query selects to rebuild an event; `init(row:)` reads them by name.
    static let selectColumns =
        "id, time, kind, service, environment, summary, end_time, version, reverts, status, incident, severity, title, host, count, "
        + "scope, scope_percent, scope_hosts, actor, source, url, labels, attributes, verdict, change_id, action, owner, due, commit_time, priority, action_type, retracts"

    /// The values of `Schema.insertColumns`, in order: what both backends write for this event.
    func columnValues(digest: Int64) -> [SQLValue] {
        func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
        func millis(_ t: Timestamp?) -> SQLValue { t.map { .integer($0.milliseconds) } ?? .null }
        return [
            .text(id), .integer(digest), .integer(time.milliseconds), .text(kind.rawValue), .text(service), .text(environment),
            text(summary), millis(end), text(version), text(reverts), text(status), text(incident), text(severity), text(title),
            text(host), .integer(Int64(count)), text(scope?.json), scope?.percent.map(SQLValue.real) ?? .null,
            scope?.hosts.map { .integer(Int64($0)) } ?? .null, text(actor), text(source), text(url), text(labels?.json), text(region),
            text(attributes), text(verdict), text(change), text(action), text(owner), text(due), millis(commitTime),
            text(priority), text(actionType), text(retracts),
        ]
    }

    /// Rebuilds a stored event; JSON fields come back as the text that was ingested.
    init(row: SQLRow) {
        let scopeJSON: String? = row["scope"]
        var scope: Scope?
        if let scopeJSON {
            let parsed = try? JSONParser.parse(scopeJSON)
            let regions = parsed?["regions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let ring = parsed?["ring"]?.stringValue
            scope = Scope(percent: row["scope_percent"], hosts: row["scope_hosts"], regions: regions, ring: ring, json: scopeJSON)
        }
        var labels: Labels?
        if let labelsJSON: String = row["labels"] {
            let pairs = ((try? JSONParser.parse(labelsJSON))?.objectValue ?? []).compactMap { m in
                m.value.stringValue.map { (key: m.key, value: $0) }
            }
            labels = Labels(pairs: pairs, json: labelsJSON)
        }
        let endMillis: Int64? = row["end_time"]
        let commitMillis: Int64? = row["commit_time"]
        self.init(
            id: row["id"], time: Timestamp(milliseconds: row["time"]), kind: EventKind(rawValue: row["kind"]) ?? .note,
            service: row["service"], environment: row["environment"], summary: row["summary"],
            end: endMillis.map(Timestamp.init(milliseconds:)), version: row["version"], reverts: row["reverts"],
            status: row["status"], incident: row["incident"], severity: row["severity"], title: row["title"],
            host: row["host"], count: row["count"], scope: scope, actor: row["actor"], source: row["source"], url: row["url"],
            labels: labels, attributes: row["attributes"], verdict: row["verdict"], change: row["change_id"], action: row["action"],
            owner: row["owner"], due: row["due"], commitTime: commitMillis.map(Timestamp.init(milliseconds:)),
            priority: row["priority"], actionType: row["action_type"], retracts: row["retracts"])
    }
}
