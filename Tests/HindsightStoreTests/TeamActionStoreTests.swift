import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// Action items with priority and type, and retractions, through the store on both backends.
@Suite struct TeamActionStoreTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    static func store(_ backend: TestBackend) throws -> EventStore {
        let store = try backend.makeStore()
        _ = try ingest(ReviewFixture.events, into: store)
        return store
    }

    @Test(arguments: TestBackend.available) func anItemKeepsItsPriorityTypeAndTicket(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let item = try store.addActionItem(
            incident: "INC-A", text: "Alert on retries", owner: "bob", due: nil, link: "https://t/1", priority: .p1, type: .detect, by: "ana",
            now: Self.t("2024-08-01T00:00:00Z"))
        let stored = try #require(try store.actionItems(incident: "INC-A").first { $0.id == item.id })
        #expect(stored.priority == .p1 && stored.type == .detect && stored.link == "https://t/1" && stored.openedBy == "ana")
        #expect(stored.json(now: Self.t("2024-08-01T00:00:00Z")).contains(#""priority":"P1","type":"detect""#))
    }

    @Test(arguments: TestBackend.available) func aRetractedNoteLeavesTheDraftAndItsHistoryStays(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let note = try store.recordNote(incident: "INC-A", text: "wrong incident", at: Self.t("2024-08-01T00:00:00Z"), by: "ana")
        let before = try store.totalEvents()
        let retraction = try store.retract(incident: "INC-A", event: note.id, why: "posted here by mistake", by: "ana", now: Self.t("2024-08-01T00:01:00Z"))
        #expect(retraction.retracts == note.id && retraction.kind == .note && retraction.incident == "INC-A")
        #expect(try store.retract(incident: "INC-A", event: note.id, why: "again", by: "bob", now: Self.t("2024-08-01T00:02:00Z")) == retraction)
        #expect(try store.totalEvents() == before + 1, "one retraction, and the note is still stored")
        #expect(try store.event(id: note.id) != nil)
        let a = try store.analysis(incident: "INC-A")
        let timeline = try store.timeline(for: a)
        #expect(timeline.contains { $0.id == note.id }, "the store returns both; the draft leaves the retracted one out")
        #expect(throws: RetrospectiveError.notRetractable(retraction.id, why: "it is itself a retraction")) {
            try store.retract(incident: "INC-A", event: retraction.id, why: nil, by: nil, now: Self.t("2024-08-01T00:03:00Z"))
        }
        #expect(throws: RetrospectiveError.unknownNote("c1", incident: "INC-A")) {
            try store.retract(incident: "INC-A", event: "c1", why: nil, by: nil, now: Self.t("2024-08-01T00:03:00Z"))
        }
    }

    @Test(arguments: TestBackend.available) func aRetractedVerdictStopsCounting(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let correlators = try store.analysis(incident: "INC-A").trigger?.change.id
        let v = try store.recordVerdict(incident: "INC-A", change: "c1", decision: .confirmed, by: "ana", why: "oops", now: Self.t("2024-08-01T00:00:00Z"))
        #expect(try store.analysis(incident: "INC-A").trigger?.change.id == "c1")
        try store.retract(incident: "INC-A", event: v.eventID, why: nil, by: "ana", now: Self.t("2024-08-01T00:01:00Z"))
        let a = try store.analysis(incident: "INC-A")
        #expect(a.trigger?.change.id == correlators)
        #expect(a.verdicts.isEmpty && a.confirmation == nil)
    }
}
