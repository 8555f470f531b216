import Dispatch
import HindsightFormats
import HindsightStore
import Synchronization

/// Runs the store's blocking calls off Swift's cooperative threads (which serve every connection):
/// request bodies are stored by a single writer queue that takes every body waiting at once into one
/// transaction, each body in its own savepoint (group commit: one commit for many requests, each
/// still all or nothing); reads run on a concurrent pool. A request waits at most `timeLimit`. A body
/// the database cancelled because another server's transaction conflicted with its own (PostgreSQL
/// shared by several servers) is stored again, in the next transaction, up to `conflictRetries` times.
package final class StoreExecutor: Sendable {
    package let store: EventStore
    let writes = DispatchQueue(label: "hindsight.store.writer")
    let reads = DispatchQueue(label: "hindsight.store.reader", attributes: .concurrent)
    let pending = Mutex<(jobs: [Job], draining: Bool)>(([], false))
    /// The most bodies one transaction takes.
    static let batchLimit = 256
    /// How many times a body cancelled by a write conflict is tried again.
    static let conflictRetries = 5

    struct Job: Sendable {
        var bytes: [UInt8]
        var format: InputFormat
        var options: IngestOptions
        var done: TimeLimitedContinuation<IngestReport>
        var conflicts = 0
    }

    /// How long a request waits for the store before it is answered 503.
    let timeLimit: Duration

    package init(store: EventStore, timeLimit: Duration = .seconds(30)) {
        self.store = store
        self.timeLimit = timeLimit
    }

    /// Stores one request body; returns when its transaction has committed (or it was refused).
    package func ingest(_ bytes: [UInt8], format: InputFormat, options: IngestOptions) async throws -> IngestReport {
        try await withCheckedThrowingContinuation { continuation in
            let done = TimeLimitedContinuation(continuation, limit: timeLimit)
            let start = pending.withLock { p in
                p.jobs.append(Job(bytes: bytes, format: format, options: options, done: done))
                defer { p.draining = true }
                return !p.draining
            }
            if start { writes.async { self.drain() } }
        }
    }

    /// Stores batches until nothing waits.
    func drain() {
        while true {
            let jobs = pending.withLock { p -> [Job] in
                let taken = Array(p.jobs.prefix(Self.batchLimit))
                p.jobs.removeFirst(taken.count)
                if taken.isEmpty { p.draining = false }
                return taken
            }
            guard !jobs.isEmpty else { return }
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
                if !again.isEmpty { pending.withLock { $0.jobs.insert(contentsOf: again, at: 0) } }
            } catch {
                for job in ready { job.done.resume(with: .failure(error)) }
            }
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
