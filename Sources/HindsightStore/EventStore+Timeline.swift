import Hindsight

extension EventStore {
    /// The events a post-mortem timeline shows, oldest first and bounded whatever the incident's size:
    /// changes on its services (and global ones) from `options.window` before impact start up to
    /// resolution (at most `changeLimit`, the latest kept), its lifecycle events, notes (at most
    /// `noteLimit`), its customer reports (at most `reportLimit`, for the communications timeline), and of
    /// its other signals only the first and last event of each kind.
    package func timeline(
        for analysis: IncidentAnalysis, options: AnalysisOptions = AnalysisOptions(),
        changeLimit: Int = 200, noteLimit: Int = 200, reportLimit: Int = 100
    ) throws -> [Event] {
        let scope = try incidentScope(analysis.incident, lookback: options.lookback)
        let start = (analysis.impactStart ?? scope.windowStart) - options.window
        let end = max(analysis.resolvedAt ?? scope.windowEnd, analysis.impactStart ?? scope.windowEnd)
        var services = Set(scope.services + [Event.globalService])
        for c in analysis.candidates { services.insert(c.change.service) }
        let serviceList = services.sorted()

        return try read { s in
            var events = scope.lifecycle
            let changeKinds = sqlList(EventKind.changes)
            let changes = try s.rows(
                """
                SELECT \(Event.selectColumns) FROM event WHERE kind IN (\(changeKinds))
                AND service IN (\(placeholders(serviceList.count))) AND time >= ? AND time <= ?
                ORDER BY time DESC, seq DESC LIMIT ?
                """, SQLArguments(binding: serviceList) + [start.milliseconds, end.milliseconds, changeLimit]
            )
            .map(Event.init(row:))
            events += changes.reversed()

            // Linked notes and unlinked ones on its services: two queries, each on its own index.
            var notes = try s.rows(
                """
                SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'note' ORDER BY time, seq LIMIT ?
                """, [analysis.incident, noteLimit]
            ).map(Event.init(row:))
            notes += try s.rows(
                """
                SELECT \(Event.selectColumns) FROM event WHERE kind = 'note' AND service IN (\(placeholders(serviceList.count)))
                AND time >= ? AND time <= ? AND incident IS NULL ORDER BY time, seq LIMIT ?
                """, SQLArguments(binding: serviceList) + [scope.windowStart.milliseconds, end.milliseconds, noteLimit]
            )
            .map(Event.init(row:))
            notes = Array(notes.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.prefix(noteLimit))
            events += notes

            // Customer reports, linked and unlinked on its services, each query on its own index.
            var reports = try s.rows(
                "SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'report' ORDER BY time, seq LIMIT ?",
                [analysis.incident, reportLimit]
            ).map(Event.init(row:))
            if !scope.services.isEmpty {
                reports += try s.rows(
                    """
                    SELECT \(Event.selectColumns) FROM event WHERE kind = 'report' AND service IN (\(placeholders(scope.services.count)))
                    AND time >= ? AND time <= ? AND incident IS NULL ORDER BY time, seq LIMIT ?
                    """, SQLArguments(binding: scope.services) + [scope.windowStart.milliseconds, end.milliseconds, reportLimit]
                )
                .map(Event.init(row:))
            }
            events += reports.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.prefix(reportLimit)

            for summary in analysis.signals {
                for (newest, at) in [(false, summary.first), (true, summary.last)] {
                    if let e = try StoreAnalysisSource(s).edgeSignal(scope, kind: summary.kind, newest: newest, at: at),
                        !events.contains(where: { $0.id == e.id })
                    {
                        events.append(e)
                    }
                }
            }
            return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        }
    }
}
