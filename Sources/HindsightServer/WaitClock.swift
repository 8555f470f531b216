#if canImport(Glibc)
    import Glibc
#endif

/// The clock a write's wait for the store is measured on: the system's monotonic clock, or one a
/// test moves by hand to see when a waiting request is answered.
package protocol WaitClock: Sendable {
    /// Time since an arbitrary origin; never goes back.
    var now: Duration { get }
    /// Blocks the calling thread briefly before the store is tried again.
    func pause()
}

/// The system's monotonic clock.
package struct SystemWaitClock: WaitClock {
    let origin = ContinuousClock.now

    package init() {}

    package var now: Duration { ContinuousClock.now - origin }

    package func pause() { usleep(10_000) }
}
