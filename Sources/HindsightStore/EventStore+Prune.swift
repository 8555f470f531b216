import Hindsight

extension EventStore {
    /// Removes history older than `before`, in batches of `batch` events, each its own transaction so
    /// writers wait little; `progress` gets the report so far after each.
    ///
    /// By default only signals (alerts, crashes, reports) go, and only those no incident can use: linked to
    /// none, and outside every incident's watch (its services, and those upstream, over the span its analysis
    /// reads), so every stored analysis stays as it was. With `all`, every event older than `before` goes
    /// except those of an incident still active at or after it; incidents wholly before it go with all
    /// their events, and the summaries left are recomputed.
    @discardableResult
    package func prune(before: Timestamp, all: Bool = false, batch: Int = 10_000, progress: ((PruneReport) -> Void)? = nil) throws -> PruneReport {
        var report = PruneReport()
        if all { report.incidents = try read { s in try Self.incidentsEndingBefore(before, s).count } }
        var cursor: (time: Int64, seq: Int64) = (Int64.min, Int64.min)
        let kinds = all ? "" : "kind IN (\(sqlList(EventKind.allCases.filter(\.isSignal)))) AND "
        let keep =
            all
            ? "(incident IS NULL OR incident NOT IN (SELECT incident FROM event WHERE kind = 'incident' AND time >= ? AND incident IS NOT NULL))"
            : """
            incident IS NULL AND NOT EXISTS (SELECT 1 FROM incident_watch w WHERE w.service = event.service \
            AND w.from_time <= event.time AND w.to_time >= event.time)
            """
        while true {
            let last = try write { s -> (Int64, Int64)? in
                let rows = try s.rows(
                    """
                    SELECT seq, time FROM event WHERE \(kinds)time < ? AND (time > ? OR (time = ? AND seq > ?)) ORDER BY time, seq LIMIT \(batch)
                    """, [before.milliseconds, cursor.time, cursor.time, cursor.seq])
                guard let lastRow = rows.last else { return nil }
                let seqs: [Int64] = rows.map { $0[0] }
                var args: SQLArguments = SQLArguments(binding: seqs)
                if all { args.append(before.milliseconds) }
                report.deleted += try s.execute("DELETE FROM event WHERE seq IN (\(placeholders(seqs.count))) AND \(keep)", args)
                report.scanned += rows.count
                return (lastRow[1], lastRow[0])
            }
            guard let last else { break }
            cursor = (last.0, last.1)
            progress?(report)
        }
        if all {
            try write { s in
                for table in ["incident_summary", "incident_watch", "incident_ref", "incident_mark"] {
                    try s.execute("DELETE FROM \(table) WHERE incident NOT IN (SELECT incident FROM event WHERE kind = 'incident' AND incident IS NOT NULL)")
                }
                // Changes and signals an analysis read may be gone: recompute what is left.
                try s.execute("INSERT INTO incident_mark (incident) SELECT incident FROM incident_summary")
            }
            try refreshSummaries()
        }
        return report
    }

    /// Incidents whose every lifecycle event is before `time`.
    static func incidentsEndingBefore(_ time: Timestamp, _ s: any SQLSession) throws -> [String] {
        try s.values(
            String.self, "SELECT incident FROM event WHERE kind = 'incident' AND incident IS NOT NULL GROUP BY incident HAVING MAX(time) < ?",
            [time.milliseconds])
    }
}
