import Hindsight

/// Events as CSV rows laid out like the store's `event` table (Schema.v1 and the columns later migrations add), for the `sqlite3` shell's `.import`.
///
/// `.import` into an existing table maps cells to columns by position, so the rows carry
/// every column, `seq` first. The values are those EventInserter binds (`digest` is the
/// content digest's bit pattern, `region` is `Event.region`). `.import` cannot write NULL:
/// absent values arrive as empty text (the staged reference turns them into NULL).
enum ReferenceCSV {
    /// The `event` table's columns in declaration order; checked against the real table before the run.
    static let columns = [
        "seq", "id", "digest", "time", "kind", "service", "environment", "summary", "end_time", "version",
        "reverts", "status", "incident", "severity", "title", "host", "count", "scope", "scope_percent",
        "scope_hosts", "actor", "source", "url", "labels", "region", "attributes",
        "verdict", "change_id", "action", "owner", "due", "commit_time",
        "priority", "action_type", "retracts",
    ]

    /// Every column but `seq`, which the store assigns.
    static var insertColumns: [String] { Array(columns.dropFirst()) }

    static var header: String { columns.joined(separator: ",") + "\n" }

    static func row(_ e: Event, seq: Int) -> String {
        var out = String(seq)
        func cell(_ value: String?) {
            out += ","
            guard let value else { return }
            out += quoted(value)
        }
        cell(e.id)
        cell(String(Int64(bitPattern: e.contentDigest)))
        cell(String(e.time.milliseconds))
        cell(e.kind.rawValue)
        cell(e.service)
        cell(e.environment)
        cell(e.summary)
        cell(e.end.map { String($0.milliseconds) })
        cell(e.version)
        cell(e.reverts)
        cell(e.status)
        cell(e.incident)
        cell(e.severity)
        cell(e.title)
        cell(e.host)
        cell(String(e.count))
        cell(e.scope?.json)
        cell(e.scope?.percent.map { String($0) })
        cell(e.scope?.hosts.map { String($0) })
        cell(e.actor)
        cell(e.source)
        cell(e.url)
        cell(e.labels?.json)
        cell(e.region)
        cell(e.attributes)
        cell(e.verdict)
        cell(e.change)
        cell(e.action)
        cell(e.owner)
        cell(e.due)
        cell(e.commitTime.map { String($0.milliseconds) })
        cell(e.priority)
        cell(e.actionType)
        cell(e.retracts)
        out += "\n"
        return out
    }

    /// RFC 4180: a cell holding a comma, quote or line break is quoted, its quotes doubled.
    static func quoted(_ value: String) -> String {
        var needs = false
        for u in value.utf8 where u == 0x2C || u == 0x22 || u == 0x0A || u == 0x0D {
            needs = true
            break
        }
        guard needs else { return value }
        var s = "\""
        for ch in value.unicodeScalars {
            if ch == "\"" { s += "\"\"" } else { s.unicodeScalars.append(ch) }
        }
        return s + "\""
    }
}
