import Dispatch

/// A bounded single-producer, single-consumer queue of record batches between two threads.
///
/// Semaphores order the accesses: the producer fills a slot only after the consumer freed it,
/// and the consumer reads it only after the producer signalled it, so each slot has one owner
/// at a time. An empty batch marks the end.
final class RecordRing: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<[DecodedRecord]>
    private let capacity: Int
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private var head = 0  // consumer only
    private var tail = 0  // producer only

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: [], count: capacity)
        free = DispatchSemaphore(value: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    /// Producer: waits for a free slot; an empty batch ends the stream.
    func put(_ batch: [DecodedRecord]) {
        free.wait()
        storage[tail] = batch
        tail = (tail + 1) % capacity
        filled.signal()
    }

    /// Consumer: the next batch, empty at the end.
    func take() -> [DecodedRecord] {
        filled.wait()
        let batch = storage[head]
        storage[head] = []
        head = (head + 1) % capacity
        free.signal()
        return batch
    }
}
