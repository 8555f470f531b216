import Hindsight
import HindsightFormats

extension EventStore {
    /// Ingests one input in one transaction: all of it or, when it has problems and
    /// `skipInvalid` is off, none of it. Re-ingesting stores nothing twice.
    /// `progress` hears of every 10,000 records read, then of each phase after the reading. The incident
    /// summaries it touches are recomputed right after it commits (the last phase); `report.summaries` says how many.
    package func ingest(
        _ input: ByteInput, format: InputFormat = .auto, options: IngestOptions = IngestOptions(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        var read = 0
        func report(_ phase: IngestProgress.Phase) {
            progress?(IngestProgress(phase: phase, records: read, bytes: input.bytesRead, totalBytes: input.size))
        }
        let marking = try naming { try summaryTables.present(in: backend) }
        var stored = try naming {
            try backend.ingest(bulk: options.bulkLoad, phase: progress == nil ? nil : report) { s in
                let result = try Self.store(input, format: format, options: options, marking: marking, into: s) { records in
                    read = records
                    report(.reading)
                }
                read = result.read
                return (result, result.committed)
            }
        }
        stored.summaries = try naming { try refreshSummaries { done, total in report(.summaries(done: done, total: total)) } }
        return stored
    }

    /// Ingests several small inputs (webhook bodies) in one write transaction, each all or nothing in a
    /// savepoint of its own: one commit for many requests (group commit), the same rules for each.
    /// A result is the input's report, or the error that stopped it (its savepoint rolled back).
    /// The incident summaries they touch are recomputed right after the commit.
    package func ingest(batch: [(input: ByteInput, format: InputFormat, options: IngestOptions)]) throws -> [Result<IngestReport, any Error>] {
        let marking = try naming { try summaryTables.present(in: backend) }
        let results = try naming {
            try backend.ingest(bulk: false, phase: nil) { s in
                var results: [Result<IngestReport, any Error>] = []
                for job in batch {
                    try s.execute("SAVEPOINT request")
                    do {
                        let report = try Self.store(job.input, format: job.format, options: job.options, marking: marking, into: s, progress: nil)
                        if !report.committed { try s.execute("ROLLBACK TO SAVEPOINT request") }
                        try s.execute("RELEASE SAVEPOINT request")
                        results.append(.success(report))
                    } catch {
                        try s.execute("ROLLBACK TO SAVEPOINT request")
                        try s.execute("RELEASE SAVEPOINT request")
                        let mapped = backend.mapped(error)
                        results.append(.failure((mapped as? StoreError)?.naming(displayName) ?? mapped))
                    }
                }
                return (results, true)
            }
        }
        // The bodies are committed: their requests succeed even if the upkeep fails, since a read recomputes
        // whatever summary is left marked.
        _ = try? refreshSummaries()
        return results
    }

    /// Reads one input into the open transaction through `inserter`; the report says whether it may be kept.
    static func store(
        _ input: ByteInput, format: InputFormat, options: IngestOptions, marking: Bool, into s: any SQLSession, progress: ((Int) -> Void)?
    ) throws -> IngestReport {
        var report = IngestReport(file: input.displayName)
        let sink = try MarkingSink(s, marking: marking)
        func note(_ issue: IngestIssue) {
            if report.issues.count < options.listLimit { report.issues.append(issue) }
        }
        let concrete = try EventReader.read(input, format: format, options: options.adapters) { record in
            if case .warning(let issue) = record {
                if let i = report.warnings.firstIndex(where: { $0.issue.message == issue.message }) {
                    report.warnings[i].count += 1
                } else if report.warnings.count < options.listLimit {
                    report.warnings.append(IngestReport.Warning(issue: issue, count: 1))
                }
                return
            }
            report.read += 1
            if report.read % 10_000 == 0 { progress?(report.read) }
            switch record {
            case .warning: break
            case .event(let event, let location):
                try sink.add(event) { outcome in
                    switch outcome {
                    case .new: report.new += 1
                    case .duplicate: report.duplicates += 1
                    case .merged: report.merged += 1
                    case .conflict(let time, let kind):
                        report.conflicts += 1
                        note(
                            IngestIssue(
                                location: location, field: "id",
                                message:
                                    "'\(event.id)' is already stored with other content (a \(kind) at \(Timestamp(milliseconds: time).rfc3339)); "
                                    + "stored events are never overwritten: give this event another id, or drop the id to derive one from its content"))
                    }
                }
            case .invalid(let issue):
                report.invalid += 1
                note(issue)
            case .skipped(_, let reason):
                report.skipped += 1
                report.skippedReasons[reason, default: 0] += 1
            }
        }
        try sink.flush()
        report.format = concrete.map(\.rawValue).joined(separator: "+")
        report.committed = report.problems == 0 || options.skipInvalid
        return report
    }
}
