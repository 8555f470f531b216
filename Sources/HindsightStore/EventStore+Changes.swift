import Hindsight

extension EventStore {
    /// Changes (deploy, release, config, rollback) in `[point − window, point]`, newest first.
    /// `services` empty means every service; otherwise global (`*`) changes are included too.
    package func changes(
        before point: Timestamp, window: TimeSpan, services: [String] = [], kinds: [EventKind] = EventKind.changes,
        excluding excludedID: String? = nil
    ) throws -> [Event] {
        let filter = EventFilter(
            since: point - window, until: point + TimeSpan(milliseconds: 1), kinds: kinds.isEmpty ? EventKind.changes : kinds,
            services: services, includeGlobal: true, newestFirst: true)
        return try events(filter).filter { $0.id != excludedID }
    }
}
