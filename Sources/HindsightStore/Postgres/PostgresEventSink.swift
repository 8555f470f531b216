import Dispatch
import Hindsight
import PostgresNIO

/// PostgreSQL's event sink: events are queued and stored a batch at a time. A batch of many rows is
/// stored with `COPY` (PostgreSQL's bulk path) straight into `event`, in a savepoint: `COPY` knows no
/// `ON CONFLICT`, so a batch holding an id already stored fails on the unique index, is rolled back to the
/// savepoint, and is copied into a temporary staging table instead, then moved into `event` by one
/// `INSERT … SELECT … ON CONFLICT (id) DO NOTHING` in the order it was read; later batches take that path
/// too until one of them holds only new ids (a file ingested again costs one failed `COPY`, not one a batch).
/// A large batch is stored on a thread of its own while the caller reads the next one, and its outcomes
/// are reported when the next is handed over or at `flush`. A batch of a few rows (a webhook's) is one multi-row `INSERT … VALUES … ON CONFLICT (id)
/// DO NOTHING` on the caller's thread: fewer round trips than the staging's. An id the insert skipped is
/// already stored (by this transaction or by another writer, whose commit the insert waited for): its stored
/// row decides the outcome, by the rules every backend shares.
final class PostgresEventSink: EventSink, @unchecked Sendable {
    struct Row {
        var event: Event
        var digest: Int64
    }

    /// A batch being stored on `worker`: who hears each row's outcome, and the outcomes once `done`.
    final class InFlight: @unchecked Sendable {
        let reporters: [(InsertOutcome) -> Void]
        let done = DispatchSemaphore(value: 0)
        var result: Result<[InsertOutcome], any Error> = .success([])

        init(reporters: [(InsertOutcome) -> Void]) { self.reporters = reporters }
    }

    // The caller's thread alone uses these.
    let session: PostgresSession
    var pending: [Row] = []
    var reporters: [(InsertOutcome) -> Void] = []
    var pendingIDs = Set<String>()
    /// The pending rows in COPY's text format.
    var pendingText = ByteBuffer()
    var inFlight: InFlight?
    // The worker alone uses these, between a hand-over and its `done`.
    /// Whether this transaction's staging table is known to exist.
    var staged = false
    /// Whether the next large batch is tried with `COPY` into `event`: until one holds a stored id, and again
    /// after a batch of only new ones.
    var copyingStraight = true

    let worker = DispatchQueue(label: "hindsight.postgres.ingest")
    /// Rows per batch: enough that a COPY's round trips cost next to nothing, few enough to stay a few megabytes.
    static let batchSize = 4_096
    /// Batches below this many rows go through `INSERT … VALUES` (their parameters stay far below PostgreSQL's 65,535).
    static let copyThreshold = 64

    init(_ session: PostgresSession) { self.session = session }

    deinit {
        // An ingest that failed while a batch was on its way: the connection is free again before the
        // transaction is rolled back on it.
        inFlight?.done.wait()
    }

    func add(_ event: Event, outcome: @escaping (InsertOutcome) -> Void) throws {
        // The same id twice in one batch: the first must be stored before the second is judged against it.
        if pending.count >= Self.batchSize || pendingIDs.contains(event.id) { try handOver() }
        let row = Row(event: event, digest: Int64(bitPattern: event.contentDigest))
        pending.append(row)
        reporters.append(outcome)
        pendingIDs.insert(event.id)
        PostgresSession.appendCopyRow(event.columnValues(digest: row.digest), to: &pendingText)
    }

    func flush() throws {
        try handOver()
        try settle()
    }

    /// Waits for the batch on its way, then reports its outcomes.
    private func settle() throws {
        guard let batch = inFlight else { return }
        inFlight = nil
        batch.done.wait()
        for (report, outcome) in zip(batch.reporters, try batch.result.get()) { report(outcome) }
    }

    /// Hands the pending rows over once the batch before them is stored: a large batch to the worker, a
    /// small one stored here and now.
    private func handOver() throws {
        try settle()
        guard !pending.isEmpty else { return }
        let rows = pending
        let text = pendingText
        let batch = InFlight(reporters: reporters)
        pending = []
        reporters = []
        pendingIDs = []
        pendingText = ByteBuffer()
        if rows.count < Self.copyThreshold {
            for (report, outcome) in zip(batch.reporters, try store(rows, skipped: try insertValues(rows))) { report(outcome) }
            return
        }
        inFlight = batch
        worker.async { [self] in
            batch.result = Result { try store(rows, skipped: try insertCopied(rows, text: text)) }
            batch.done.signal()
        }
    }

    /// The outcome of each row, once the insert has `skipped` some ids: those are judged against their stored rows.
    private func store(_ rows: [Row], skipped skippedIDs: Set<String>) throws -> [InsertOutcome] {
        guard !skippedIDs.isEmpty else { return Array(repeating: .new, count: rows.count) }
        let columns = Schema.insertColumns
        var stored: [String: (event: Event, digest: Int64, time: Int64, kind: String)] = [:]
        // Locked until commit: a concurrent merge of another stage of the same change waits for this one.
        for r in try session.rows(
            """
            SELECT \(Event.selectColumns), digest FROM event WHERE id IN (\(placeholders(skippedIDs.count))) FOR UPDATE
            """, SQLArguments(binding: Array(skippedIDs)))
        {
            let e = Event(row: r)
            stored[e.id] = (e, r["digest"], r["time"], r["kind"])
        }
        var outcomes: [InsertOutcome] = []
        outcomes.reserveCapacity(rows.count)
        for row in rows {
            if !skippedIDs.contains(row.event.id) {
                outcomes.append(.new)
                continue
            }
            guard let s = stored[row.event.id] else {
                throw StoreError.database("an insert was ignored but id '\(row.event.id)' is not stored")
            }
            let (outcome, rewrite) = InsertOutcome.ofStored(
                row.event, digest: row.digest, storedDigest: s.digest, storedTime: s.time, storedKind: s.kind
            ) { s.event }
            if let rewrite {
                let values = rewrite.columnValues(digest: Int64(bitPattern: rewrite.contentDigest))
                try session.execute(
                    """
                    UPDATE event SET \(columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?
                    """, Array(values.dropFirst()) + [values[0]])
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Inserts a few rows with one statement; returns the ids it skipped.
    private func insertValues(_ rows: [Row]) throws -> Set<String> {
        let columns = Schema.insertColumns
        let row = "(\(placeholders(columns.count)))"
        let inserted = Set(
            try session.values(
                String.self,
                """
                INSERT INTO event (\(columns.joined(separator: ", "))) VALUES \(Array(repeating: row, count: rows.count).joined(separator: ","))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, rows.flatMap { $0.event.columnValues(digest: $0.digest) }))
        return Set(rows.lazy.map(\.event.id).filter { !inserted.contains($0) })
    }

    /// Copies many rows (`text`, in COPY's format) into `event`, or into the staging table and from there into
    /// `event` in the order they came; returns the ids it skipped. The staging table lives until the transaction
    /// ends (a savepoint rolled back may take it with it).
    private func insertCopied(_ rows: [Row], text: ByteBuffer) throws -> Set<String> {
        if copyingStraight {
            try session.execute("SAVEPOINT event_copy")
            do {
                try session.copy(into: "event", columns: Schema.insertColumns, rows: text)
                try session.execute("RELEASE SAVEPOINT event_copy")
                return []
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                try session.execute("ROLLBACK TO SAVEPOINT event_copy")
                try session.execute("RELEASE SAVEPOINT event_copy")
            }
        }
        let columns = Schema.insertColumns.joined(separator: ", ")
        if !staged, try session.value(String.self, "SELECT to_regclass('pg_temp.event_staging')::text") == nil {
            try session.execute(
                """
                CREATE TEMPORARY TABLE event_staging ON COMMIT DROP AS SELECT \(columns) FROM event WITH NO DATA;
                ALTER TABLE event_staging ADD COLUMN n BIGINT GENERATED ALWAYS AS IDENTITY
                """)
        }
        staged = true
        try session.copy(into: "event_staging", columns: Schema.insertColumns, rows: text)
        let skipped = try session.values(
            String.self,
            """
            WITH inserted AS (
                INSERT INTO event (\(columns)) SELECT \(columns) FROM event_staging ORDER BY n ON CONFLICT (id) DO NOTHING RETURNING id
            )
            SELECT id FROM event_staging WHERE id NOT IN (SELECT id FROM inserted)
            """)
        try session.execute("TRUNCATE event_staging")
        copyingStraight = skipped.isEmpty
        return Set(skipped)
    }
}
