import Dispatch
import NIOConcurrencyHelpers

/// A continuation resumed once: with the store work's result, or with a 503 when `limit` passes first. The
/// request then ends on time; its store work still completes (or rolls back) as one transaction, so a
/// retried ingest is stored once.
final class TimeLimitedContinuation<T: Sendable>: Sendable {
    let continuation: NIOLockedValueBox<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>, limit: Duration) {
        self.continuation = NIOLockedValueBox(continuation)
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        timerQueue.asyncAfter(deadline: .now() + seconds) { [self] in
            resume(
                with: .failure(
                    APIError(
                        .serviceUnavailable, "the request took longer than the server's limit of \(limit)",
                        hint: "retry shortly; a large request may be split", headers: [("Retry-After", "5")])))
        }
    }

    func resume(with result: Result<T, any Error>) {
        continuation.withLockedValue { c in
            c?.resume(with: result)
            c = nil
        }
    }
}

/// The deadlines' queue, shared by every time-limited continuation (a generic type has no static stored
/// property): a queue of its own gets a thread while every reader is busy with the store.
private let timerQueue = DispatchQueue(label: "hindsight.store.deadlines")
