import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// Notes, verdicts and action items through the store: validation, lifecycle, and export to another store.
@Suite struct RetrospectiveStoreTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    static func store(_ backend: TestBackend = .sqlite) throws -> EventStore {
        let store = try backend.makeStore()
        _ = try ingest(ReviewFixture.events, into: store)
        return store
    }

    @Test(arguments: TestBackend.available) func unknownIncidentsAndChangesAreClearErrorsThatStoreNothing(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let before = try store.totalEvents()
        let name = store.displayName
        #expect(throws: StoreError.unknownID("INC-Z", kind: .incident, store: name, suggestion: "INC-A")) {
            try store.recordVerdict(incident: "INC-Z", change: "c2", decision: .confirmed, by: "ana", why: nil, now: Self.t("2024-08-01T00:00:00Z"))
        }
        #expect(throws: RetrospectiveError.unknownChange("c99", incident: "INC-A", store: name, suggestion: nil)) {
            try store.recordVerdict(incident: "INC-A", change: "c99", decision: .rejected, by: "ana", why: "x", now: Self.t("2024-08-01T00:00:00Z"))
        }
        #expect(throws: StoreError.unknownID("INC-Q", kind: .incident, store: name, suggestion: "INC-A")) {
            try store.addActionItem(incident: "INC-Q", text: "x", owner: "bob", due: nil, link: nil, by: nil, now: Self.t("2024-08-01T00:00:00Z"))
        }
        #expect(throws: RetrospectiveError.unknownActionItem("INC-A-A9", store: name, suggestion: nil)) {
            try store.completeActionItem(id: "INC-A-A9", by: nil, now: Self.t("2024-08-01T00:00:00Z"))
        }
        #expect(try store.totalEvents() == before)
        let message = RetrospectiveError.unknownChange("c99", incident: "INC-A", store: "team.db", suggestion: "c9").description
        #expect(message == "no change 'c99' in team.db to judge as the trigger of INC-A; did you mean 'c9'?")
        // A change id one edit away is suggested, among changes only.
        #expect(throws: RetrospectiveError.unknownChange("c4x", incident: "INC-A", store: name, suggestion: "c4s")) {
            try store.recordVerdict(incident: "INC-A", change: "c4x", decision: .rejected, by: "ana", why: "x", now: Self.t("2024-08-01T00:00:00Z"))
        }
    }

    @Test(arguments: TestBackend.available) func aVerdictOnANonChangeIsRefused(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let crash = try #require(try store.events(EventFilter(kinds: [.crash], incident: "INC-A")).first)
        #expect(throws: RetrospectiveError.notAChange(crash.id, kind: "crash")) {
            try store.recordVerdict(incident: "INC-A", change: crash.id, decision: .confirmed, by: "ana", why: nil, now: Self.t("2024-08-01T00:00:00Z"))
        }
    }

    @Test(arguments: TestBackend.available) func verdictsChangeTheStoresAnalysis(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(try store.analysis(incident: "INC-A").trigger?.change.id == "c2")
        try store.recordVerdict(incident: "INC-A", change: "c1", decision: .confirmed, by: "ana", why: "v1 broke it", now: Self.t("2024-08-01T00:00:00Z"))
        var a = try store.analysis(incident: "INC-A")
        #expect(a.trigger?.change.id == "c1")
        #expect(a.confirmation?.by == "ana")
        #expect(a.correlatorTrigger?.change.id == "c2")
        #expect(a.mitigatedAt == nil && a.rollback == nil, "c1 was never rolled back and INC-A was never marked mitigated")
        try store.recordVerdict(incident: "INC-A", change: "c1", decision: .rejected, by: "bob", why: "it was c2", now: Self.t("2024-08-02T00:00:00Z"))
        a = try store.analysis(incident: "INC-A")
        #expect(a.trigger?.change.id == "c2")
        #expect(a.mitigatedBy == "rollback rb-2")
        #expect(!a.candidates.contains { $0.change.id == "c1" })
    }

    @Test(arguments: TestBackend.available) func actionItemLifecycle(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let a1 = try store.addActionItem(
            incident: "INC-A", text: "Canary api deploys", owner: "bob", due: try DueDate.parse("2024-08-10").get(),
            link: "https://tickets/1", by: "ana", now: Self.t("2024-07-11T10:00:00Z"))
        let a2 = try store.addActionItem(
            incident: "INC-A", text: "Alert sooner", owner: "carol", due: nil, link: nil, by: nil,
            now: Self.t("2024-07-11T10:05:00Z"))
        let b1 = try store.addActionItem(
            incident: "INC-B", text: "Page on checkout", owner: "bob", due: nil, link: nil, by: nil,
            now: Self.t("2024-08-06T10:00:00Z"))
        #expect([a1.id, a2.id, b1.id] == ["INC-A-A1", "INC-A-A2", "INC-B-A1"])
        #expect(a1.state == .open && a1.link == "https://tickets/1" && a1.due?.text == "2024-08-10")
        #expect(a1.isOverdue(at: Self.t("2024-08-11T00:00:00Z")) && !a1.isOverdue(at: Self.t("2024-08-10T12:00:00Z")))

        let done = try store.completeActionItem(id: "INC-A-A1", by: "bob", now: Self.t("2024-08-12T09:00:00Z"))
        #expect(done.state == .done && done.doneAt == Self.t("2024-08-12T09:00:00Z") && done.doneBy == "bob")
        let count = try store.totalEvents()
        _ = try store.completeActionItem(id: "INC-A-A1", by: "bob", now: Self.t("2024-08-13T09:00:00Z"))
        #expect(try store.totalEvents() == count, "marking a done item done again records nothing")

        let all = try store.actionItems()
        #expect(all.map(\.id) == ["INC-A-A1", "INC-A-A2", "INC-B-A1"])
        #expect(all.filter { $0.state == .open }.map(\.id) == ["INC-A-A2", "INC-B-A1"])
        #expect(try store.actionItems(incident: "INC-B").map(\.id) == ["INC-B-A1"])
        // Numbering continues after the highest number, whatever is done.
        let a3 = try store.addActionItem(incident: "INC-A", text: "Runbook", owner: "dan", due: nil, link: nil, by: nil, now: Self.t("2024-08-14T09:00:00Z"))
        #expect(a3.id == "INC-A-A3")
    }

    @Test(arguments: TestBackend.available) func theTeamsInputTravelsWithTheEvents(_ backend: TestBackend) throws {
        let store = try ReviewFixture.store(backend)
        try store.recordNote(incident: "INC-A", text: "Rollback took 20 minutes to build", at: Self.t("2024-07-10T09:30:00Z"), by: "ana")
        // Export every event as native JSON Lines, ingest them into a fresh store: same analysis, same action items.
        let exported = try store.events(EventFilter()).map(\.nativeJSON).joined(separator: "\n")
        let copy = try backend.makeStore()
        let report = try ingest(exported, into: copy)
        #expect(report.invalid == 0 && report.conflicts == 0)
        #expect(try copy.totalEvents() == store.totalEvents())
        for id in ["INC-A", "INC-B", "INC-C"] {
            #expect(try copy.analysis(incident: id).json == store.analysis(incident: id).json)
        }
        #expect(try copy.actionItems() == store.actionItems())
        #expect(try copy.analysis(incident: "INC-C").confirmation?.by == "ana")
        // Ingesting the export again stores nothing new: the team's events have stable ids.
        let again = try ingest(exported, into: copy)
        #expect(again.new == 0)
    }
}
