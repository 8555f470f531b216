import Foundation
import Hindsight
import HindsightStore
import HindsightTestSupport

/// A small multi-incident store whose review figures are computed by hand in ReviewStoreTests.
///
/// Period [2024-07-01, 2024-09-01), 62 days. Production changes: c1, c2, c3 on api; the staged release
/// c5/c5b (one change), c7 started/succeeded (one change) and c8 on web = 6. Not counted: c4s (staging),
/// c6 (failed). INC-A is triggered by c2 (its crashes run v2 until its rollback), INC-B by the release (customers
/// first, mitigated by hand), INC-C by nothing the correlator can see: the team confirms c3. INC-D, just
/// after the period, is triggered by c8, which is a change of the period.
enum ReviewFixture {
    static let events = """
        {"id":"c1","time":"2024-07-02T10:00:00Z","end":"2024-07-02T10:30:00Z","kind":"deploy","service":"api","version":"v1",\
        "commit_time":"2024-07-02T08:00:00Z"}
        {"id":"c2","time":"2024-07-10T09:00:00Z","kind":"deploy","service":"api","version":"v2","commit_time":"2024-07-09T09:00:00Z"}
        {"id":"c3","time":"2024-07-20T12:00:00Z","kind":"config","service":"api","version":"cfg-7"}
        {"id":"c4s","time":"2024-07-25T12:00:00Z","kind":"deploy","service":"api","version":"v3","environment":"staging"}
        {"id":"c5","time":"2024-08-05T10:00:00Z","kind":"release","service":"web","version":"flag-x","scope":{"percent":5}}
        {"id":"c5b","time":"2024-08-05T11:00:00Z","kind":"release","service":"web","version":"flag-x","scope":{"percent":100}}
        {"id":"c6","time":"2024-08-12T10:00:00Z","kind":"deploy","service":"web","version":"w2","status":"failed"}
        {"id":"c7","time":"2024-08-20T14:00:00Z","kind":"deploy","service":"web","version":"w3","status":"started"}
        {"id":"c7b","time":"2024-08-20T14:10:00Z","kind":"deploy","service":"web","version":"w3","status":"succeeded"}
        {"id":"c8","time":"2024-08-31T23:50:00Z","kind":"deploy","service":"web","version":"w4"}
        {"time":"2024-07-10T09:05:00Z","kind":"crash","service":"api","host":"a1","version":"v2","count":20,"incident":"INC-A"}
        {"time":"2024-07-10T09:15:00Z","kind":"alert","service":"api","summary":"5xx","incident":"INC-A"}
        {"time":"2024-07-10T09:40:00Z","kind":"crash","service":"api","host":"a1","version":"v2","count":10,"incident":"INC-A"}
        {"time":"2024-07-10T09:20:00Z","kind":"incident","service":"api","incident":"INC-A","status":"declared","title":"API errors"}
        {"id":"rb-2","time":"2024-07-10T09:45:00Z","kind":"rollback","service":"api","reverts":"c2"}
        {"time":"2024-07-10T10:30:00Z","kind":"incident","service":"api","incident":"INC-A","status":"resolved"}
        {"time":"2024-08-05T11:02:00Z","kind":"crash","service":"web","host":"w1","version":"flag-x","count":30,"incident":"INC-B"}
        {"time":"2024-08-05T11:10:00Z","kind":"report","service":"web","summary":"checkout broken","incident":"INC-B"}
        {"time":"2024-08-05T11:30:00Z","kind":"alert","service":"web","summary":"errors","incident":"INC-B"}
        {"time":"2024-08-05T11:35:00Z","kind":"incident","service":"web","incident":"INC-B","status":"declared","title":"Checkout fails"}
        {"time":"2024-08-05T12:02:00Z","kind":"incident","service":"web","incident":"INC-B","status":"mitigated"}
        {"time":"2024-08-05T13:00:00Z","kind":"incident","service":"web","incident":"INC-B","status":"resolved"}
        {"time":"2024-08-15T02:50:00Z","kind":"crash","service":"api","host":"a2","count":5,"incident":"INC-C"}
        {"time":"2024-08-15T03:00:00Z","kind":"alert","service":"api","summary":"latency","incident":"INC-C"}
        {"time":"2024-08-15T03:05:00Z","kind":"incident","service":"api","incident":"INC-C","status":"declared","title":"Slow API"}
        {"time":"2024-08-15T03:30:00Z","kind":"incident","service":"api","incident":"INC-C","status":"mitigated"}
        {"time":"2024-08-15T04:00:00Z","kind":"incident","service":"api","incident":"INC-C","status":"resolved"}
        {"time":"2024-09-01T00:30:00Z","kind":"crash","service":"web","host":"w2","version":"w4","count":8,"incident":"INC-D"}
        {"time":"2024-09-01T00:35:00Z","kind":"alert","service":"web","summary":"errors","incident":"INC-D"}
        {"time":"2024-09-01T00:40:00Z","kind":"incident","service":"web","incident":"INC-D","status":"declared","title":"Web errors"}
        {"id":"rb-8","time":"2024-09-01T00:50:00Z","kind":"rollback","service":"web","reverts":"c8"}
        {"time":"2024-09-01T01:00:00Z","kind":"incident","service":"web","incident":"INC-D","status":"resolved"}
        """

    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }
    static let since = t("2024-07-01T00:00:00Z")
    static let until = t("2024-09-01T00:00:00Z")
    static let now = t("2024-09-15T00:00:00Z")

    /// The store with the team's input: c3 confirmed for INC-C, and three action items.
    static func store(_ backend: TestBackend = .sqlite) throws -> EventStore {
        let store = try backend.makeStore()
        _ = try ingest(events, into: store)
        try store.recordVerdict(incident: "INC-C", change: "c3", decision: .confirmed, by: "ana", why: "quota change", now: t("2024-08-20T10:00:00Z"))
        try store.addActionItem(
            incident: "INC-A", text: "Canary api deploys", owner: "bob", due: try DueDate.parse("2024-09-01").get(),
            link: nil, by: nil, now: t("2024-07-11T10:00:00Z"))
        let a2 = try store.addActionItem(
            incident: "INC-A", text: "Alert on 5xx sooner", owner: "bob", due: nil, link: nil, by: nil,
            now: t("2024-07-11T10:01:00Z"))
        try store.completeActionItem(id: a2.id, by: "bob", now: t("2024-07-20T10:00:00Z"))
        try store.addActionItem(
            incident: "INC-B", text: "Page on checkout errors", owner: "carol", due: try DueDate.parse("2024-09-30").get(),
            link: nil, by: nil, now: t("2024-08-06T10:00:00Z"))
        return store
    }

    static func review(services: [String] = []) throws -> Review {
        Review(try store().reviewInput(since: since, until: until, now: now, services: services))
    }
}
