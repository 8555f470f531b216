import Hindsight
import NIOConcurrencyHelpers

/// The Standard Webhooks messages accepted while their timestamp is still inside the window:
/// the same id and timestamp presented again is a captured message replayed, never a retry
/// (a sender signs every attempt anew). Entries are dropped once the window has passed them.
package final class ReplayGuard: Sendable {
    let seen = NIOLockedValueBox<[String: Timestamp]>([:])

    package init() {}

    /// Whether `key` was accepted and has not expired (checked before a body is read; `accept` records it).
    func wasAccepted(_ key: String, at now: Timestamp) -> Bool {
        seen.withLockedValue { seen in seen[key].map { $0 > now } ?? false }
    }

    /// Records `key` until `expires`; false when it was already recorded and has not expired.
    func accept(_ key: String, at now: Timestamp, expires: Timestamp) -> Bool {
        seen.withLockedValue { seen in
            if seen.count > 1024 { seen = seen.filter { $0.value > now } }
            if let until = seen[key], until > now { return false }
            seen[key] = expires
            return true
        }
    }
}
