import HindsightStore
import NIOConcurrencyHelpers

/// The store's tokens as last read, with the revision of the token table they were read at: every
/// bearer, session and signature check needs them, and they change rarely (`hindsight token …`, often
/// from another process). A check reads the one-row revision and reads the table again only when it
/// has changed, so a revoked token is refused on the next request.
package final class TokenCache: Sendable {
    private let cached = NIOLockedValueBox<(revision: Int64, tokens: [APIToken])?>(nil)

    package init() {}

    /// The tokens of `store` now (inside a store read).
    package func tokens(in store: EventStore) throws -> [APIToken] {
        let revision = try store.tokenRevision()
        if let hit = cached.withLockedValue({ $0 }), hit.revision == revision { return hit.tokens }
        // Read after the revision: tokens newer than it are kept under it, and read again on the next check.
        let tokens = try store.tokens()
        cached.withLockedValue { $0 = (revision, tokens) }
        return tokens
    }
}
