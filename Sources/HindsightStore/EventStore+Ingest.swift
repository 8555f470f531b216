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
        func note(_ issue: IngestIssue) {
            if report.issues.count < options.listLimit { report.issues.append(issue) }
        }
        try Self.mappingErrors { try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = \(Self.ingestCacheSize)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(Self.readCacheSize)") }
            try db.inTransaction(.immediate) {
                let inserter = try EventInserter(db)
                let concrete = try EventReader.read(input, format: format, options: options.adapters) { record in
                    report.read += 1
                    if report.read % 10_000 == 0 { progress?(report.read) }
                    switch record {
                    case .event(let event, let location):
                        switch try inserter.add(event) {
                        case .new: report.new += 1
                        case .duplicate: report.duplicates += 1
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
                report.format = concrete.rawValue
                report.committed = report.problems == 0 || options.skipInvalid
                return report.committed ? .commit : .rollback
            }
        } }
        return report
    }
}
