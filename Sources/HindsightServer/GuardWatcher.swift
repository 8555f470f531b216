import Hindsight
import HindsightFormats
import HindsightStore
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The guard inside `hindsight serve` (docs/guard.md): re-evaluates every production change rolling out or landed in the
/// watch window when signals arrive and on a timer; raises a suspected incident for a change that turns failing and
/// announces it once to each target; reports a recovery once; lets a declared incident absorb an overlapping suspected
/// one. Every decision is a function of the store and the time it is given, so `tick` and `deliver` are what tests drive
/// with an injected clock; `run` only calls them.
package final class GuardWatcher: Service, Sendable {
    let executor: StoreExecutor
    let options: GuardOptions
    let notifier: GuardNotifier
    let delivery: any GuardDelivery
    let interval: TimeSpan
    let now: @Sendable () -> Timestamp
    let logger: Logger
    /// Set when signals arrived since the last tick.
    let poked = NIOLockedValueBox(false)

    /// How long a claimed notification waits before another attempt may take it, should this one never finish.
    static let lease = TimeSpan.minutes(2)
    /// Attempts before a notification is abandoned, and the first retry's delay (doubling, at most an hour).
    static let maxAttempts = 10
    static let firstRetry = TimeSpan.seconds(30)
    /// The least time between two ticks, however fast signals arrive.
    static let minimumGap = TimeSpan.seconds(5)

    package init(
        executor: StoreExecutor, options: GuardOptions, config: GuardConfig, delivery: any GuardDelivery = URLSessionDelivery(),
        now: @escaping @Sendable () -> Timestamp, logger: Logger = Logger(label: "hindsight.guard")
    ) {
        self.executor = executor
        self.options = options
        notifier = GuardNotifier(config: config)
        self.delivery = delivery
        interval = config.interval
        self.now = now
        self.logger = logger
    }

    /// What one tick did.
    package struct Tick: Sendable, Equatable {
        /// Changes judged, and the verdict on each (change id, outcome).
        package var judged: [String: GuardVerdict.Outcome] = [:]
        /// Suspected incidents raised, recoveries recorded, and (guard incident, declared incident) absorptions.
        package var raised: [String] = []
        package var recovered: [String] = []
        package var absorbed: [String] = []
    }

    /// Signals arrived: the next tick comes within a second (or `minimumGap` after the last one).
    package func poke() { poked.withLockedValue { $0 = true } }

    /// Judges the watched changes at `now`, raises and records what changed, and lets declared incidents absorb.
    package func tick(now: Timestamp) async throws -> Tick {
        let options = self.options
        let notifier = self.notifier
        return try await executor.read { store in
            var tick = Tick()
            for change in try store.watchedChanges(now: now, options: options) {
                let verdict = try store.guardVerdict(change: change.id, at: now, options: options)
                tick.judged[change.id] = verdict.outcome
                if verdict.outcome == .failing, try store.raiseSuspicion(verdict, notifications: notifier.notifications(.failing, verdict)) {
                    tick.raised.append(verdict.incident)
                }
            }
            for suspected in try store.openSuspicions() where suspected.time >= now - options.rolloutSpan {
                guard let id = suspected.change else { continue }
                let verdict = try store.guardVerdict(change: id, at: now, options: options)
                guard verdict.recovery != nil || verdict.outcome == .healthy else { continue }
                if try store.recordRecovery(verdict, notifications: notifier.notifications(.recovered, verdict)) {
                    tick.recovered.append(verdict.incident)
                }
            }
            tick.absorbed = try store.absorbSuspicions(now: now, lookback: options.analysis.lookback).map { "\($0.0) → \($0.1)" }
            return tick
        }
    }

    /// One attempt at every notification due at `now`; returns (notification, status or error) for each.
    @discardableResult
    package func deliver(now: Timestamp) async throws -> [(GuardNotification, String)] {
        let due = try await executor.read { store in try store.claimDueNotifications(now: now, lease: Self.lease) }
        var results: [(GuardNotification, String)] = []
        for n in due {
            guard let target = notifier.targets.first(where: { $0.key == n.target }) else {
                try await executor.read { store in
                    try store.notificationFailed(n, error: "the target is no longer configured", retryAt: nil, now: now)
                }
                results.append((n, "no such target"))
                continue
            }
            let outcome: String
            var retryAt: Timestamp?
            var delivered = false
            do {
                let status = try await delivery.post(url: target.config.url, headers: notifier.headers(for: n, at: now), body: Array(n.body.utf8))
                outcome = "HTTP \(status)"
                delivered = (200..<300).contains(status)
                // A refusal that will not change (a 4xx other than timeout, too early or too many) is not retried.
                if !delivered, !((400..<500).contains(status) && ![408, 425, 429].contains(status)) { retryAt = Self.retry(after: n.attempts + 1, from: now) }
            } catch {
                outcome = "\(error)"
                retryAt = Self.retry(after: n.attempts + 1, from: now)
            }
            let done = delivered
            let next = retryAt
            try await executor.read { store in
                if done {
                    try store.notificationDelivered(n, at: now)
                } else {
                    try store.notificationFailed(n, error: outcome, retryAt: next, now: now)
                }
            }
            if !done {
                logger.warning(
                    "guard: \(n.kind.rawValue) notification for \(n.change) to \(n.target): \(outcome)\(next.map { "; retrying at \($0.rfc3339)" } ?? "; abandoned")"
                )
            }
            results.append((n, outcome))
        }
        return results
    }

    /// When attempt `attempts + 1` may run: 30 s after the first failure, doubling up to an hour; `nil` after the last.
    static func retry(after attempts: Int, from now: Timestamp) -> Timestamp? {
        guard attempts < maxAttempts else { return nil }
        let delay = min(firstRetry.milliseconds << min(attempts - 1, 20), TimeSpan.hours(1).milliseconds)
        return now + TimeSpan(milliseconds: delay)
    }

    package func run() async throws {
        let clock = ContinuousClock()
        var last: ContinuousClock.Instant?
        let every = Duration.milliseconds(interval.milliseconds)
        let gap = Duration.milliseconds(Self.minimumGap.milliseconds)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wasPoked = poked.withLockedValue { p in
                defer { p = false }
                return p
            }
            let elapsed = last.map { clock.now - $0 }
            if elapsed.map({ $0 >= every || (wasPoked && $0 >= gap) }) ?? true {
                let t = now()
                do {
                    let tick = try await tick(now: t)
                    for id in tick.raised { logger.info("guard: raised \(id)") }
                    for id in tick.recovered { logger.info("guard: \(id) recovered") }
                    for merge in tick.absorbed { logger.info("guard: absorbed \(merge)") }
                    try await deliver(now: t)
                } catch {
                    logger.error("guard: \(error)")
                }
                last = clock.now
            } else if wasPoked {
                poke()
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
