import Hindsight

extension EventStore {
    /// What `hindsight review` reads for `[since, until)`: the incidents analysed with their verdicts (those of
    /// the period, and those up to `options.window` later, whose trigger may be a change of the period; from
    /// their stored summaries under the default options, which the caller brings up to date first),
    /// the deploy, release and config events of the period, and every action item.
    package func reviewInput(
        since: Timestamp, until: Timestamp, now: Timestamp, services: [String] = [], options: AnalysisOptions = AnalysisOptions()
    ) throws -> ReviewInput {
        let analyses: [IncidentAnalysis]
        if options == AnalysisOptions() {
            // Summaries hold the default analysis; an incident whose trigger may be a change of the period
            // happened at most a window (and the clock skew) after it.
            analyses = try summarizedAnalyses(from: since - options.window, to: until + options.window + .days(1))
        } else {
            let ids = try read { s in
                try s.values(
                    String.self,
                    """
                    SELECT incident FROM event WHERE kind = 'incident' AND incident IS NOT NULL
                    GROUP BY incident HAVING MAX(time) >= ? AND MIN(time) < ? ORDER BY MIN(time), incident
                    """, [(since - options.window).milliseconds, (until + options.window).milliseconds])
            }
            analyses = try ids.map { try analysis(incident: $0, options: options) }
        }
        let changes = try read { s in
            var sql = "SELECT \(Event.selectColumns) FROM event WHERE kind IN ('deploy','release','config') AND time >= ? AND time < ?"
            var args: SQLArguments = [since.milliseconds, until.milliseconds]
            if !services.isEmpty {
                sql += " AND service IN (\(placeholders(services.count)))"
                args += SQLArguments(binding: services)
            }
            return try s.rows(sql + " ORDER BY time, seq", args).map(Event.init(row:))
        }
        return ReviewInput(
            since: since, until: until, now: now, services: services, analyses: analyses, changes: changes,
            actionItems: try actionItems())
    }
}
