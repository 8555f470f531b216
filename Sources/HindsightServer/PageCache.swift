import NIOConcurrencyHelpers

/// Rendered page bodies, each kept with the version of what it was rendered from (the revisions of the
/// incident summaries it shows) and served again while that version is current: a view of a page
/// nothing has changed since costs a look at the revisions, not an analysis and a rendering. Bounded
/// in bytes; the least recently used pages go first.
package final class PageCache: Sendable {
    struct Entry {
        var version: [Int64]
        var title: String
        var html: String
        var lastUse: UInt64
        var bytes: Int { html.utf8.count + title.utf8.count }
    }

    struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    package let capacity: Int
    private let state = NIOLockedValueBox(State())

    package init(capacity: Int = 16 << 20) { self.capacity = capacity }

    /// The page kept under `key` when it was rendered from `version`; nil (a miss) otherwise.
    package func page(_ key: String, version: [Int64]) -> (title: String, html: String)? {
        state.withLockedValue { s in
            s.clock += 1
            guard var entry = s.entries[key], entry.version == version else {
                s.misses += 1
                return nil
            }
            s.hits += 1
            entry.lastUse = s.clock
            s.entries[key] = entry
            return (entry.title, entry.html)
        }
    }

    /// Keeps a page rendered from `version` under `key`, replacing what was there; one larger than a
    /// quarter of the capacity is not kept.
    package func keep(_ key: String, version: [Int64], page: (title: String, html: String)) {
        let entry = Entry(version: version, title: page.title, html: page.html, lastUse: 0)
        guard entry.bytes <= capacity / 4 else { return }
        state.withLockedValue { s in
            s.clock += 1
            if let old = s.entries.removeValue(forKey: key) { s.bytes -= old.bytes }
            while s.bytes + entry.bytes > capacity, let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                s.entries.removeValue(forKey: oldest.key)
                s.bytes -= oldest.value.bytes
            }
            var kept = entry
            kept.lastUse = s.clock
            s.entries[key] = kept
            s.bytes += kept.bytes
        }
    }

    /// Pages served from the cache and rendered, since the start.
    package var counts: (hits: Int, misses: Int) { state.withLockedValue { ($0.hits, $0.misses) } }

    /// Bytes of the pages kept now.
    package var bytes: Int { state.withLockedValue { $0.bytes } }
}
