import ServiceLifecycle

/// The first service to stop on SIGTERM or SIGINT: it refuses new requests with 503 and waits for those in
/// flight (at most `deadline`) while the server still listens; only then does the server itself stop.
package struct DrainService: Service {
    let gate: ShutdownGate
    let deadline: Duration

    package init(gate: ShutdownGate, deadline: Duration) {
        self.gate = gate
        self.deadline = deadline
    }

    package func run() async throws {
        try? await gracefulShutdown()
        await gate.drain(deadline: deadline)
    }
}
