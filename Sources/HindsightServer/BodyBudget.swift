import NIOConcurrencyHelpers

/// A bound on the bytes of request bodies read at once, across all connections, from callers not
/// yet known: a signed webhook's body must be read to check its signature, so many at once could
/// otherwise fill the server's memory before any of them is refused. A reader takes bytes from the
/// budget as they arrive and gives them back when its request is done; when the budget is spent, it
/// is refused at once (503, `Retry-After`) rather than made to wait.
package final class BodyBudget: Sendable {
    package let limit: Int
    private let used = NIOLockedValueBox(0)

    package init(limit: Int) { self.limit = limit }

    /// Takes `bytes`; false (taking nothing) when that would go over the limit.
    func take(_ bytes: Int) -> Bool {
        used.withLockedValue { used in
            guard used + bytes <= limit else { return false }
            used += bytes
            return true
        }
    }

    func giveBack(_ bytes: Int) {
        used.withLockedValue { $0 -= bytes }
    }

    /// Bytes taken now.
    package var inUse: Int { used.withLockedValue { $0 } }
}
