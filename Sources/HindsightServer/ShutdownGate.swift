import NIOConcurrencyHelpers

/// The server's requests in flight and whether it is shutting down: once `drain` is called, new requests
/// are answered 503 while those in flight finish; `drained` returns when none is left or the deadline passed.
package final class ShutdownGate: Sendable {
    let state = NIOLockedValueBox<(inFlight: Int, draining: Bool)>((0, false))

    package init() {}

    /// Admits a request unless the server is draining.
    func enter() -> Bool {
        state.withLockedValue { s in
            guard !s.draining else { return false }
            s.inFlight += 1
            return true
        }
    }

    func leave() { state.withLockedValue { $0.inFlight -= 1 } }

    package var inFlight: Int { state.withLockedValue { $0.inFlight } }
    package var isDraining: Bool { state.withLockedValue { $0.draining } }

    /// Refuses new requests from now on, then waits until those in flight have finished or `deadline` has
    /// passed; returns how many were still running.
    @discardableResult
    package func drain(deadline: Duration) async -> Int {
        state.withLockedValue { $0.draining = true }
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            let left = inFlight
            if left == 0 { return 0 }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return inFlight
    }
}
