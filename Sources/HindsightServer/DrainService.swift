import ServiceLifecycle

/// The first service to stop on SIGTERM or SIGINT: it refuses new requests with 503 and waits for those in
/// flight (at most `deadline`) while the server still listens; only then does the server itself stop. When
/// requests are still running at the deadline, `cutOff` gets their number: the front end ends the process
/// there, since a request stuck on the store (a lock another process holds) would keep it alive.
package struct DrainService: Service {
    let gate: ShutdownGate
    let deadline: Duration
    let cutOff: @Sendable (Int) -> Void

    package init(gate: ShutdownGate, deadline: Duration, cutOff: @escaping @Sendable (Int) -> Void) {
        self.gate = gate
        self.deadline = deadline
        self.cutOff = cutOff
    }

    package func run() async throws {
        try? await gracefulShutdown()
        let left = await gate.drain(deadline: deadline)
        if left > 0 { cutOff(left) }
    }
}
