import Hindsight
import HindsightStore

/// Prints incidents as they are read: a table whose column widths are set by the first rows (a later,
/// longer value widens its own row only), JSON array items, or ids.
struct IncidentsOutput {
    let json: Bool
    let ids: Bool
    var count = 0
    /// Rows held until the widths are known.
    var held: [[String]] = []
    var widths: [Int]?
    static let header = ["INCIDENT", "SEVERITY", "IMPACT START", "DETECTED AFTER", "MITIGATED AFTER", "DURATION", "CRASHES", "TRIGGER", "TITLE"]
    /// Rows that set the widths: enough to align a typical list, few enough that the first lines come at once.
    static let sizingRows = 100

    init(json: Bool, ids: Bool) {
        self.json = json
        self.ids = ids
    }

    mutating func add(_ summary: IncidentSummary) throws {
        defer { count += 1 }
        if ids { return print(summary.incident) }
        if json { return print((count == 0 ? "[" : ",") + summary.json) }
        let a = try IncidentAnalysis(summaryJSON: summary.json)
        var detected = a.detectionLag.map { "\($0)" } ?? "-"
        if a.detectedExternallyFirst == true { detected += " (customers first)" }
        let crashes =
            a.blastRadius.crashes == 0
            ? "-"
            : "\(Formatting.thousands(a.blastRadius.crashes)) on "
                + "\(Formatting.thousands(a.blastRadius.hosts)) host\(a.blastRadius.hosts == 1 ? "" : "s")"
        let trigger = (a.trigger?.change.id).map { a.confirmation == nil ? $0 : $0 + " (confirmed)" } ?? "none"
        let row = [
            a.incident, a.severity ?? "-", a.impactStart?.rfc3339 ?? "-", detected,
            a.timeToMitigate.map { "\($0)" } ?? "-", a.timeToResolve.map { "\($0)" } ?? "-", crashes, trigger, a.title ?? "",
        ].map(TextTable.oneLine)
        if let widths {
            print(Self.line(row, widths))
        } else {
            held.append(row)
            if held.count == Self.sizingRows { flush() }
        }
    }

    /// Prints the held rows under the header, sizing the columns by them.
    mutating func flush() {
        guard widths == nil, !held.isEmpty else { return }
        let sized = held.map { row in row.enumerated().map { i, cell in i == row.count - 1 ? TextTable.cut(cell, 72) : cell } }
        let widths = Self.header.indices.map { i in ([Self.header] + sized).map { $0[i].count }.max()! }
        print(Self.line(Self.header, widths))
        for row in held { print(Self.line(row, widths)) }
        self.widths = widths
        held = []
    }

    mutating func finish(filtered: Bool) {
        flush()
        if json {
            print(count == 0 ? "[]" : "]")
        } else if count == 0 && !ids {
            print(
                filtered
                    ? "No incidents match."
                    : "No incidents. Ingest 'incident' events (status declared/mitigated/resolved) to create them.")
        }
    }

    static func line(_ cells: [String], _ widths: [Int]) -> String {
        cells.enumerated().map { i, cell in
            i == cells.count - 1 ? TextTable.cut(cell, 72) : cell + String(repeating: " ", count: max(0, widths[i] - cell.count))
        }.joined(separator: "  ")
    }
}
