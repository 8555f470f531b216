import Dispatch

/// Runs the tasks `PostgresSession.copy` starts on a queue of their own, never on Swift's cooperative
/// threads, which the thread waiting for them may be holding.
final class CopyExecutor: TaskExecutor {
    static let shared = CopyExecutor()
    let queue = DispatchQueue(label: "hindsight.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
