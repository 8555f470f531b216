import Dispatch
import HindsightFormats
import HindsightStore
import NIOConcurrencyHelpers
import Synchronization

/// Runs the store's blocking calls off Swift's cooperative threads (which serve every connection):
/// request bodies are stored by a single writer queue that takes every body waiting at once into one
/// transaction, each body in its own savepoint (group commit: one commit for many requests, each
/// still all or nothing); reads run on a concurrent pool. A request waits at most `timeLimit`.
///
/// A body waits for the store at most `writeWait` on `clock` from the moment it is queued: while the
/// store is busy (another process holds SQLite's write lock), the writer tries again until the
/// earliest deadline of its batch, then answers the bodies whose time is up with `StoreError.busy`
/// and goes on with the rest, so every request gets its answer when its own wait ends, however many
/// queued behind it. A body the database cancelled because another server's transaction conflicted
/// with its own (PostgreSQL shared by several servers) is stored again, in the next transaction, up
/// to `conflictRetries` times.
package final class StoreExecutor: Sendable {
    package let store: EventStore
    let writes = DispatchQueue(label: "hindsight.store.writer")
    let reads = DispatchQueue(label: "hindsight.store.reader", attributes: .concurrent)
    let pending = NIOLockedValueBox<(jobs: [Job], draining: Bool)>(([], false))
    private let unanswered = Atomic(0)
    /// The most bodies one transaction takes.
    static let batchLimit = 256
    /// How many times a body cancelled by a write conflict is tried again.
    static let conflictRetries = 5

    struct Job: Sendable {
        var bytes: [UInt8]
        var format: InputFormat
        var options: IngestOptions
        /// When, on `clock`, the request stops waiting for the store's write lock.
        var deadline: Duration
        var done: TimeLimitedContinuation<IngestReport>
        var conflicts = 0
    }

    /// How long a request waits for the store before it is answered 503, whatever it waits for.
    let timeLimit: Duration
    /// How long a body waits for the store's write lock.
    let writeWait: Duration
    let clock: any WaitClock

    package init(store: EventStore, timeLimit: Duration = .seconds(30), writeWait: Duration = .seconds(8), clock: any WaitClock = SystemWaitClock()) {
        self.store = store
        self.timeLimit = timeLimit
        self.writeWait = writeWait
        self.clock = clock
    }

    /// Request bodies queued or being written, not yet answered.
    package var waitingWrites: Int { unanswered.load(ordering: .relaxed) }

    /// Stores one request body; returns when its transaction has committed (or it was refused), or
    /// throws `StoreError.busy` once it has waited `writeWait` for the store's write lock.
    package func ingest(_ bytes: [UInt8], format: InputFormat, options: IngestOptions) async throws -> IngestReport {
        defer { unanswered.subtract(1, ordering: .relaxed) }
        return try await withCheckedThrowingContinuation { continuation in
            unanswered.add(1, ordering: .relaxed)
            let done = TimeLimitedContinuation(continuation, limit: timeLimit)
            let job = Job(bytes: bytes, format: format, options: options, deadline: clock.now + writeWait, done: done)
            let start = pending.withLockedValue { p in
                p.jobs.append(job)
                defer { p.draining = true }
                return !p.draining
            }
            if start { writes.async { self.drain() } }
        }
    }

    /// Stores batches until nothing waits.
    func drain() {
        var retry: [Job] = []
        while true {
            let jobs = pending.withLockedValue { p -> [Job] in
                let taken = retry + p.jobs.prefix(Self.batchLimit - retry.count)
                p.jobs.removeFirst(taken.count - retry.count)
                if taken.isEmpty { p.draining = false }
                return taken
            }
            retry = []
            guard !jobs.isEmpty else { return }
            retry = write(jobs)
            if !retry.isEmpty { clock.pause() }
        }
    }

    /// Stores one batch; returns the jobs to try again: all of them when the store was busy and their
    /// time is not up (those whose time is up are answered busy), or those a write conflict cancelled.
    func write(_ jobs: [Job]) -> [Job] {
        var batch: [(input: ByteInput, format: InputFormat, options: IngestOptions)] = []
        var ready: [Job] = []
        for job in jobs {
            do {
                batch.append((try ByteInput(bytes: job.bytes, name: "request body"), job.format, job.options))
                ready.append(job)
            } catch {
                job.done.resume(with: .failure(error))
            }
        }
        do {
            var again: [Job] = []
            for (job, result) in zip(ready, try store.ingest(batch: batch)) {
                if case .failure(StoreError.writeConflict) = result, job.conflicts < Self.conflictRetries {
                    var retry = job
                    retry.conflicts += 1
                    again.append(retry)
                } else {
                    job.done.resume(with: result)
                }
            }
            return again
        } catch StoreError.busy {
            let now = clock.now
            var waiting: [Job] = []
            for job in ready {
                if job.deadline <= now {
                    job.done.resume(with: .failure(StoreError.busy(seconds: Double(writeWait.components.seconds))))
                } else {
                    waiting.append(job)
                }
            }
            return waiting
        } catch {
            for job in ready { job.done.resume(with: .failure(error)) }
        }
        return []
    }

    /// Runs one small write (a team action) on the writer queue, after the ingests already queued.
    package func write<T: Sendable>(_ body: @escaping @Sendable (EventStore) throws -> T) async throws -> T {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            writes.async { continuation.resume(with: Result { try body(store) }) }
        }
    }

    /// Runs `body` on the reader pool.
    package func read<T: Sendable>(_ body: @escaping @Sendable (EventStore) throws -> T) async throws -> T {
        let store = self.store
        let limit = timeLimit
        return try await withCheckedThrowingContinuation { continuation in
            let done = TimeLimitedContinuation(continuation, limit: limit)
            reads.async { done.resume(with: Result { try body(store) }) }
        }
    }
}
