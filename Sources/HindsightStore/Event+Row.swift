import GRDB
import Hindsight
import HindsightFormats

extension Event {
    /// The columns a query selects to rebuild an event, in the order `init(row:)` reads them.
    static let selectColumns = "id, time, kind, service, environment, summary, end_time, version, reverts, status, incident, severity, title, host, count, "
        + "scope, scope_percent, scope_hosts, actor, source, url, labels, attributes, verdict, change_id, action, owner, due, commit_time"

    /// Rebuilds a stored event; JSON fields come back as the text that was ingested.
    init(row: Row) {
        let scopeJSON: String? = row[15]
        var scope: Scope?
        if let scopeJSON {
            let parsed = try? JSONParser.parse(scopeJSON)
            let regions = parsed?["regions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let ring = parsed?["ring"]?.stringValue
            scope = Scope(percent: row[16], hosts: row[17], regions: regions, ring: ring, json: scopeJSON)
        }
        var labels: Labels?
        if let labelsJSON: String = row[21] {
            let pairs = ((try? JSONParser.parse(labelsJSON))?.objectValue ?? []).compactMap { m in
                m.value.stringValue.map { (key: m.key, value: $0) }
            }
            labels = Labels(pairs: pairs, json: labelsJSON)
        }
        let endMillis: Int64? = row[6]
        let commitMillis: Int64? = row[28]
        self.init(
            id: row[0], time: Timestamp(milliseconds: row[1]), kind: EventKind(rawValue: row[2]) ?? .note,
            service: row[3], environment: row[4], summary: row[5], end: endMillis.map(Timestamp.init(milliseconds:)),
            version: row[7], reverts: row[8], status: row[9], incident: row[10], severity: row[11], title: row[12],
            host: row[13], count: row[14], scope: scope, actor: row[18], source: row[19], url: row[20],
            labels: labels, attributes: row[22], verdict: row[23], change: row[24], action: row[25], owner: row[26],
            due: row[27], commitTime: commitMillis.map(Timestamp.init(milliseconds:)))
    }
}
