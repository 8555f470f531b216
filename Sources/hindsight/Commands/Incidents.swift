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
