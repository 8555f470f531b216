import Dispatch
import HindsightStore

/// Runs the store's blocking calls off Swift's cooperative threads (which serve every connection):
/// writes one at a time on a single writer queue, in arrival order, reads on a small concurrent pool.
public struct StoreExecutor: Sendable {
    public let store: EventStore
    let writes = DispatchQueue(label: "hindsight.store.writer")
    let reads = DispatchQueue(label: "hindsight.store.reader", attributes: .concurrent)

    public init(store: EventStore) { self.store = store }

    /// Runs `body` on the writer queue.
    public func write<T: Sendable>(_ body: @escaping @Sendable (EventStore) throws -> T) async throws -> T {
        try await run(on: writes, body)
    }

    /// Runs `body` on the reader pool.
    public func read<T: Sendable>(_ body: @escaping @Sendable (EventStore) throws -> T) async throws -> T {
        try await run(on: reads, body)
    }

    func run<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable (EventStore) throws -> T) async throws -> T {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(store) }) }
        }
    }
}
