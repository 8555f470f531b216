import GRDB
import Hindsight
import HindsightFormats

extension EventStore {
    /// Ingests one input in one transaction: all of it or, when it has problems and
    /// `skipInvalid` is off, none of it. Re-ingesting stores nothing twice.
    /// `progress` is called every 10,000 records with the records read so far.
    public func ingest(
        _ input: ByteInput, format: InputFormat = .auto, options: IngestOptions = IngestOptions(),
        progress: ((Int) -> Void)? = nil
    ) throws -> IngestReport {
        var report = IngestReport(file: input.displayName)
        try Self.mappingErrors { try writer.writeWithoutTransaction { db in
            // Sorts that build indexes spill to temporary files, not memory, so memory stays flat.
            try db.execute(sql: "PRAGMA cache_size = \(Self.ingestCacheSize); PRAGMA temp_store = FILE")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(Self.readCacheSize); PRAGMA temp_store = MEMORY") }
            try db.inTransaction(.immediate) {
                // Into an empty store, rows go in without the secondary indexes, which are then built
                // once from the sorted data: faster than keeping each up to date row by row. The
                // unique id index stays, so duplicates and conflicts are found as always; the
                // transaction covers the DDL too, so a failed or killed load leaves the store as it was.
                let bulk = options.bulkLoad ? try BulkLoad.begin(db) : nil
                report = try Self.store(input, format: format, options: options, with: try EventInserter(db), progress: progress)
                guard report.committed else { return .rollback }
                try bulk?.finish(db)
                return .commit
            }
        } }
        return report
    }

    /// Ingests several small inputs (webhook bodies) in one write transaction, each all or nothing in a
    /// savepoint of its own: one commit for many requests (group commit), the same rules for each.
    /// A result is the input's report, or the error that stopped it (its savepoint rolled back).
    public func ingest(batch: [(input: ByteInput, format: InputFormat, options: IngestOptions)]) throws -> [Result<IngestReport, any Error>] {
        try Self.mappingErrors { try writer.writeWithoutTransaction { db in
            var results: [Result<IngestReport, any Error>] = []
            try db.inTransaction(.immediate) {
                let inserter = try EventInserter(db)
                for job in batch {
                    try db.execute(sql: "SAVEPOINT request")
                    do {
                        let report = try Self.store(job.input, format: job.format, options: job.options, with: inserter, progress: nil)
                        try db.execute(sql: report.committed ? "RELEASE request" : "ROLLBACK TO request; RELEASE request")
                        results.append(.success(report))
                    } catch {
                        try db.execute(sql: "ROLLBACK TO request; RELEASE request")
                        results.append(.failure(error))
                    }
                }
                return .commit
            }
            return results
        } }
    }

    /// Reads one input into the open transaction through `inserter`; the report says whether it may be kept.
    static func store(
        _ input: ByteInput, format: InputFormat, options: IngestOptions, with inserter: EventInserter, progress: ((Int) -> Void)?
    ) throws -> IngestReport {
        var report = IngestReport(file: input.displayName)
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
                switch try inserter.add(event) {
                case .new: report.new += 1
                case .duplicate: report.duplicates += 1
                case .merged: report.merged += 1
                case .conflict(let time, let kind):
                    report.conflicts += 1
                    note(IngestIssue(location: location, field: "id", message:
                        "'\(event.id)' is already stored with other content (a \(kind) at \(Timestamp(milliseconds: time).rfc3339)); "
                        + "stored events are never overwritten: give this event another id, or drop the id to derive one from its content"))
                }
            case .invalid(let issue):
                report.invalid += 1
                note(issue)
            case .skipped(_, let reason):
                report.skipped += 1
                report.skippedReasons[reason, default: 0] += 1
            }
        }
        report.format = concrete.map(\.rawValue).joined(separator: "+")
        report.committed = report.problems == 0 || options.skipInvalid
        return report
    }
}
