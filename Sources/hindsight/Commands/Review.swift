import ArgumentParser
import Hindsight
import HindsightReport
import HindsightStore

extension HindsightCommand {
    /// `hindsight review`: how incidents went across a period, per service and month, with DORA's four keys.
    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review incidents across a period: detection, mitigation, recurring gaps, DORA's four keys.",
            discussion: """
                Per period, service and month: incidents, the share triggered by a change (and by which kind), detection \
                lag and time to mitigate (median and 90th percentile, nearest rank), the share customers reported first, \
                and open and overdue action items; the safe-release gaps that recur; DORA's four keys with their \
                definitions. Triggers are the correlator's, or the team's confirmed verdicts ('hindsight trigger'). \
                --format html adds trend charts (detection lag per incident, change failure rate per month).
                """)

        /// The output formats of a review.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, html, json
        }

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags
        @OptionGroup var clock: ClockOptions

        @Option(help: ArgumentHelp("Start of the period: a duration back from --until (90d) or an RFC 3339 time.", valueName: "duration|time"))
        var since = "90d"

        @Option(help: ArgumentHelp("End of the period, exclusive (RFC 3339; default: now).", valueName: "time"))
        var until: String?

        @Option(help: ArgumentHelp("Only this service (repeatable).", valueName: "service"))
        var service: [String] = []

        @Option(help: ArgumentHelp("markdown, html (page with trend charts) or json.", valueName: "format"))
        var format: Format = .markdown

        func run() async throws {
            let now = try clock.current()
            let end = try until.map { try parseTime($0, option: "--until") } ?? now
            let start: Timestamp
            if let span = TimeSpan.parse(since) {
                start = end - span
            } else if case .success(let t) = Timestamp.parse(since) {
                start = t
            } else if Timestamp.looksLikeTime(since) {
                start = try parseTime(since, option: "--since")
            } else {
                throw ValidationError("--since: '\(since)' is neither a duration (90d, 12h) nor an RFC 3339 time (2024-07-01T00:00:00Z)")
            }
            guard start < end else { throw ValidationError("--since: \(start.rfc3339) is not before --until \(end.rfc3339)") }
            let eventStore = try store.open()
            if analysis.options == AnalysisOptions() { try refreshStaleSummaries(eventStore) } else { noteFreshAnalysis() }
            let review = try runtime {
                Hindsight.Review(try eventStore.reviewInput(since: start, until: end, now: now, services: service, options: analysis.options))
            }
            switch format {
            case .markdown: print(ReviewReport.markdown(review), terminator: "")
            case .html: print(ReviewReport.html(review), terminator: "")
            case .json: print(review.json)
            }
            if review.overall.incidents == 0 {
                printError(Self.emptyPeriod(start: start, end: end, services: service, span: try runtime { try eventStore.incidentSpan() }))
            }
        }

        /// Why a review has no incident: the store has none, or none in the period, and then which period they span.
        static func emptyPeriod(start: Timestamp, end: Timestamp, services: [String], span: (incidents: Int, first: Timestamp, last: Timestamp)?) -> String {
            let on = services.isEmpty ? "" : " on \(services.joined(separator: ", "))"
            let period = "no incident\(on) began between \(start.rfc3339) and \(end.rfc3339)"
            guard let span else { return period + "; the store has no incidents (ingest 'incident' events to create them)" }
            let day = TimeSpan.days(1).milliseconds
            let from = Timestamp(milliseconds: span.first.milliseconds - ((span.first.milliseconds % day) + day) % day)
            let to = Timestamp(milliseconds: span.last.milliseconds - ((span.last.milliseconds % day) + day) % day + day)
            let (all, them) =
                span.incidents == 1 ? ("the store's one incident is", "it") : ("the store's \(Formatting.thousands(span.incidents)) incidents are", "them")
            return period + "; \(all) recorded from \(span.first.rfc3339) to \(span.last.rfc3339): "
                + "review \(them) with --since \(from.rfc3339) --until \(to.rfc3339)"
        }
    }
}
