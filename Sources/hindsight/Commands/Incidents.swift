import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight incidents`: incidents with their headline numbers, newest first, filtered and paged.
    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List incidents with impact start, detection lag, time to mitigate, duration (to resolution), crashes and trigger.",
            discussion: """
                Newest first, by impact start (else when it was detected) then id, read from the stored incident summaries \
                (analysis options other than the defaults analyse every incident afresh). Filters combine; repeated \
                --service and --severity match any of their values; --severity matches by level (SEV1, P1 and critical are \
                one). With --limit, the next page's cursor is printed on stderr: pass it to --after.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Option(help: ArgumentHelp("Only incidents whose impact started at or after this time (RFC 3339).", valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Only incidents whose impact started before this time (RFC 3339).", valueName: "time"))
        var until: String?

        @Option(help: ArgumentHelp("Only incidents on this service (repeatable: any of them).", valueName: "service"))
        var service: [String] = []

        @Option(help: ArgumentHelp("Only incidents of this severity (repeatable; SEV1, P1 and critical are one level).", valueName: "severity"))
        var severity: [String] = []

        @Option(help: ArgumentHelp("Only incidents with this status: declared, mitigated, resolved, or open (not resolved).", valueName: "status"))
        var status: String?

        @Option(help: ArgumentHelp("Only incidents whose trigger is of this kind: deploy, release, config or rollback.", valueName: "kind"))
        var triggerKind: String?

        @Flag(help: "Only incidents with an identified trigger.")
        var hasTrigger = false

        @Flag(help: "Only incidents customers reported before anything internal detected them.")
        var customersFirst = false

        @Option(help: ArgumentHelp("Only incidents whose id, title, services or trigger contain this text (any case).", valueName: "text"))
        var search: String?

        @Option(help: ArgumentHelp("At most this many incidents (a page; default: all).", valueName: "n"))
        var limit: Int?

        @Option(help: ArgumentHelp("Start after this cursor (printed on stderr by a previous --limit page).", valueName: "cursor"))
        var after: String?

        @Flag(help: "Print JSON (an array of 'analyze --json' objects).")
        var json = false

        @Flag(help: "Print only the incident ids, one a line (for scripts).")
        var ids = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if let triggerKind, !IncidentFilter.triggerKinds.contains(where: { $0.rawValue == triggerKind }) {
                throw ValidationError("--trigger-kind: '\(triggerKind)' is not a change kind; use deploy, release, config or rollback")
            }
            if let status, !["declared", "mitigated", "resolved", IncidentFilter.openStatus].contains(status) {
                throw ValidationError("--status: '\(status)' is not a status; use declared, mitigated, resolved or open")
            }
            if let after, IncidentCursor(text: after) == nil {
                throw ValidationError("--after: '\(after)' is not a cursor; pass the one a previous 'hindsight incidents --limit' printed")
            }
            if json && ids { throw ValidationError("--json and --ids each choose the output; give one") }
        }

        var filter: IncidentFilter {
            get throws {
                var f = IncidentFilter()
                f.since = try since.map { try parseTime($0, option: "--since") }
                f.until = try until.map { try parseTime($0, option: "--until") }
                f.services = service
                f.severities = severity
                f.status = status
                f.triggerKind = triggerKind.flatMap(EventKind.init(rawValue:))
                f.hasTrigger = hasTrigger
                f.customersFirst = customersFirst
                f.search = search
                f.limit = limit
                f.after = after.flatMap(IncidentCursor.init(text:))
                return f
            }
        }

        func run() async throws {
            let filter = try filter
            let eventStore = try store.open()
            var output = IncidentsOutput(json: json, ids: ids)
            let next: IncidentCursor?
            if analysis.options == AnalysisOptions() {
                try refreshStaleSummaries(eventStore)
                next = try runtime { try eventStore.forEachSummary(filter) { try output.add($0) } }
            } else {
                noteFreshAnalysis()
                let page = try runtime { try eventStore.freshSummaries(filter, options: analysis.options) }
                for summary in page.summaries { try runtime { try output.add(summary) } }
                next = page.next
            }
            output.finish(filtered: filter != IncidentFilter())
            if let next { printError("more incidents: add --after \(next.text)") }
        }
    }
}

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
