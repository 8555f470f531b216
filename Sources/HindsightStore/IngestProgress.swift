/// How far an ingest has got, for a front end's progress line: the phase, the records read and the
/// input's bytes consumed (with its size when it is known).
package struct IngestProgress: Sendable, Equatable {
    /// What the ingest is doing.
    package enum Phase: Sendable, Equatable {
        /// Reading, checking and storing records.
        case reading
        /// Building the secondary index `name`, the `number`th of `count`, after a load into an empty store.
        case indexing(name: String, number: Int, count: Int)
        /// Committing the transaction.
        case committing
        /// Recomputing the incident summaries the input touched, after the commit: `done` of `total`.
        case summaries(done: Int, total: Int)
    }

    package var phase: Phase
    package var records: Int
    package var bytes: Int
    package var totalBytes: Int?

    package init(phase: Phase, records: Int, bytes: Int, totalBytes: Int?) {
        self.phase = phase
        self.records = records
        self.bytes = bytes
        self.totalBytes = totalBytes
    }
}
