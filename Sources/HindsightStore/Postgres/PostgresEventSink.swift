import Hindsight

/// PostgreSQL's event sink: events are queued and stored a batch at a time, one multi-row
/// `INSERT … ON CONFLICT (id) DO NOTHING RETURNING id` per batch, not one round trip per event.
/// An id the insert skipped is already stored (by this transaction or by another writer, whose
/// commit the insert waited for): its stored row decides the outcome, by the rules every backend shares.
final class PostgresEventSink: EventSink {
    struct Pending {
        var event: Event
        var digest: Int64
        var outcome: (InsertOutcome) -> Void
    }

    let session: PostgresSession
    var pending: [Pending] = []
    var pendingIDs = Set<String>()
    /// Rows per statement: 31 columns each stays far below PostgreSQL's 65,535 parameters.
    static let batchSize = 1_000

    init(_ session: PostgresSession) { self.session = session }

    func add(_ event: Event, outcome: @escaping (InsertOutcome) -> Void) throws {
        // The same id twice in one batch: the first must be stored before the second is judged against it.
        if pending.count >= Self.batchSize || pendingIDs.contains(event.id) { try flush() }
        pending.append(Pending(event: event, digest: Int64(bitPattern: event.contentDigest), outcome: outcome))
        pendingIDs.insert(event.id)
    }

    func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        pendingIDs = []
        let columns = Schema.insertColumns
        let row = "(\(placeholders(columns.count)))"
        let inserted = Set(
            try session.values(
                String.self,
                """
                INSERT INTO event (\(columns.joined(separator: ", "))) VALUES \(Array(repeating: row, count: batch.count).joined(separator: ","))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, batch.flatMap { $0.event.columnValues(digest: $0.digest) }))

        let skipped = batch.filter { !inserted.contains($0.event.id) }
        var stored: [String: (event: Event, digest: Int64, time: Int64, kind: String)] = [:]
        if !skipped.isEmpty {
            // Locked until commit: a concurrent merge of another stage of the same change waits for this one.
            for r in try session.rows(
                """
                SELECT \(Event.selectColumns), digest FROM event WHERE id IN (\(placeholders(skipped.count))) FOR UPDATE
                """, SQLArguments(binding: skipped.map(\.event.id)))
            {
                let e = Event(row: r)
                stored[e.id] = (e, r["digest"], r["time"], r["kind"])
            }
        }
        for p in batch {
            if inserted.contains(p.event.id) {
                p.outcome(.new)
                continue
            }
            guard let s = stored[p.event.id] else {
                throw StoreError.database("an insert was ignored but id '\(p.event.id)' is not stored")
            }
            let (outcome, rewrite) = InsertOutcome.ofStored(
                p.event, digest: p.digest, storedDigest: s.digest, storedTime: s.time, storedKind: s.kind
            ) { s.event }
            if let rewrite {
                let values = rewrite.columnValues(digest: Int64(bitPattern: rewrite.contentDigest))
                try session.execute(
                    """
                    UPDATE event SET \(columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?
                    """, Array(values.dropFirst()) + [values[0]])
            }
            p.outcome(outcome)
        }
    }
}
