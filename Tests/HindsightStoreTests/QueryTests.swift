import Hindsight
import HindsightStore
import HindsightTestSupport
import Testing

@Suite struct ChangesTests {
    /// Changes around 2024-07-19T05:00:00Z (minute 60), plus signals that must never show up.
    static func store(_ backend: TestBackend = .sqlite) throws -> EventStore {
        let store = try backend.makeStore()
        let lines = [
            eventLine(id: "too-old", at: -1441 + 60, kind: "deploy", service: "api"),
            eventLine(id: "oldest", at: -1440 + 60, kind: "deploy", service: "api"),
            eventLine(id: "web-deploy", at: 10, kind: "deploy", service: "web"),
            eventLine(id: "global-config", at: 20, kind: "config", service: "*"),
            eventLine(id: "api-release", at: 30, kind: "release", service: "api"),
            eventLine(id: "api-alert", at: 40, kind: "alert", service: "api"),
            eventLine(id: "api-rollback", at: 50, kind: "rollback", service: "api", #""reverts":"api-release""#),
            eventLine(id: "db-config", at: 55, kind: "config", service: "db"),
            eventLine(id: "at-point", at: 60, kind: "deploy", service: "api"),
            eventLine(id: "same-time-later", at: 60, kind: "config", service: "api"),
            eventLine(id: "after", at: 61, kind: "deploy", service: "api"),
        ]
        #expect(try ingest(lines.joined(separator: "\n"), into: store).new == lines.count)
        return store
    }

    static let point = t0 + .minutes(60)

    @Test(arguments: TestBackend.available) func listsNewestFirstWithBothWindowEdgesIncluded(_ backend: TestBackend) throws {
        let ids = try Self.store(backend).changes(before: Self.point, window: .hours(24)).map(\.id)
        // [point − window, point], both ends inclusive; events at the same time: last stored first.
        #expect(ids == ["same-time-later", "at-point", "db-config", "api-rollback", "api-release", "global-config", "web-deploy", "oldest"])
    }

    @Test(arguments: TestBackend.available) func excludesJustOutsideTheWindow(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let justBefore = Self.point - TimeSpan(milliseconds: 1)
        let ids = try store.changes(before: justBefore, window: .minutes(40)).map(\.id)
        #expect(ids == ["db-config", "api-rollback", "api-release", "global-config"])
    }

    @Test(arguments: TestBackend.available) func filtersByServiceKeepingGlobalChanges(_ backend: TestBackend) throws {
        let ids = try Self.store(backend).changes(before: Self.point, window: .hours(1), services: ["web"]).map(\.id)
        #expect(ids == ["global-config", "web-deploy"])
        let two = try Self.store(backend).changes(before: Self.point, window: .hours(1), services: ["db", "web"]).map(\.id)
        #expect(two == ["db-config", "global-config", "web-deploy"])
    }

    @Test(arguments: TestBackend.available) func excludesTheEventAskedAbout(_ backend: TestBackend) throws {
        let ids = try Self.store(backend).changes(before: Self.point, window: .minutes(15), services: ["api"], excluding: "at-point").map(\.id)
        #expect(ids == ["same-time-later", "api-rollback"])
    }

    @Test(arguments: TestBackend.available) func filtersByKind(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(try store.changes(before: Self.point, window: .hours(1), kinds: [.rollback]).map(\.id) == ["api-rollback"])
        #expect(
            try store.changes(before: Self.point, window: .hours(1), kinds: [.config, .release]).map(\.id)
                == ["same-time-later", "db-config", "api-release", "global-config"])
        // Asking for no kinds means every change kind, never the signals.
        #expect(try store.changes(before: Self.point, window: .hours(1), kinds: []).map(\.id).contains("api-alert") == false)
    }
}

@Suite struct EventQueryTests {
    @Test(arguments: TestBackend.available) func filtersEventsByHalfOpenRangeKindAndService(_ backend: TestBackend) throws {
        let store = try ChangesTests.store(backend)
        let f = EventFilter(since: t0 + .minutes(30), until: t0 + .minutes(60), kinds: [.release, .alert, .rollback], services: ["api"])
        #expect(try store.events(f).map(\.id) == ["api-release", "api-alert", "api-rollback"])
        #expect(try store.count(f) == 3)
        var limited = f
        limited.limit = 2
        limited.newestFirst = true
        #expect(try store.events(limited).map(\.id) == ["api-rollback", "api-alert"])
        #expect(try store.count(limited) == 3)
        #expect(try store.event(id: "missing") == nil)
    }
}

@Suite struct IncidentScopeTests {
    /// INC-1: declared at minute 60 on api, resolved at minute 180; a linked alert on db.
    static func store(_ backend: TestBackend = .sqlite, resolved: Bool = true) throws -> EventStore {
        let store = try backend.makeStore()
        var lines = [
            eventLine(id: "declared", at: 60, kind: "incident", service: "api", #""incident":"INC-1","status":"declared","title":"API errors""#),
            eventLine(id: "db-alert", at: 55, kind: "alert", service: "db", #""incident":"INC-1""#),
            eventLine(id: "api-crash", at: 30, kind: "crash", service: "api", #""host":"h1""#),
            eventLine(id: "api-crash-too-early", at: -1, kind: "crash", service: "api", #""host":"h2""#),
            eventLine(id: "web-crash", at: 10, kind: "crash", service: "web"),
            eventLine(id: "other-incident-crash", at: 5, kind: "crash", service: "api", #""incident":"INC-2""#),
            eventLine(id: "late", at: 300, kind: "note", service: "web"),
        ]
        if resolved {
            lines.append(eventLine(id: "resolved", at: 180, kind: "incident", service: "api", #""incident":"INC-1","status":"resolved""#))
        }
        _ = try ingest(lines.joined(separator: "\n"), into: store)
        return store
    }

    @Test(arguments: TestBackend.available) func findsLifecycleServicesAndWindow(_ backend: TestBackend) throws {
        let scope = try Self.store(backend).incidentScope("INC-1")
        #expect(scope.lifecycle.map(\.id) == ["declared", "resolved"])
        #expect(scope.services == ["api", "db"])
        #expect(scope.windowStart == t0)
        #expect(scope.windowEnd == t0 + .minutes(180))
    }

    @Test(arguments: TestBackend.available) func anUnresolvedIncidentRunsToTheLatestEvent(_ backend: TestBackend) throws {
        let scope = try Self.store(backend, resolved: false).incidentScope("INC-1", lookback: .minutes(30))
        #expect(scope.windowStart == t0 + .minutes(30))
        #expect(scope.windowEnd == t0 + .minutes(300))
    }

    @Test(arguments: TestBackend.available) func impactStartsAtTheEarliestSignal(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(try store.impactStart(of: store.incidentScope("INC-1")) == t0 + .minutes(30))
        // With a shorter lookback the unlinked api crash falls outside: the linked alert is first.
        #expect(try store.impactStart(of: store.incidentScope("INC-1", lookback: .minutes(10))) == t0 + .minutes(55))
    }

    @Test(arguments: TestBackend.available) func knowsWhichIncidentsExist(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(try store.incidentIDs() == ["INC-1"])
        #expect(try store.hasIncident("INC-1"))
        #expect(try !store.hasIncident("INC-2"))
        #expect(throws: StoreError.unknownID("INC-9", kind: .incident, store: store.displayName, suggestion: "INC-1")) {
            try store.incidentScope("INC-9")
        }
    }
}
