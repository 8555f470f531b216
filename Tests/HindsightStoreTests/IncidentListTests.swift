import Foundation
import Hindsight
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// Lists of incidents from the summaries: order, filters (the SQL and the in-memory rules agree), severity levels,
/// keyset paging with cursors.
@Suite struct IncidentListTests {
    /// Six incidents an hour apart on three services, with severities spelled as different producers do.
    static func store(_ backend: TestBackend) throws -> EventStore {
        let store = try backend.makeStore()
        let rows: [(String, String, String?, String, Bool)] = [
            ("INC-1", "api", "SEV1", "resolved", true), ("INC-2", "web", "P2", "declared", false),
            ("INC-3", "api", "critical", "mitigated", false), ("INC-4", "db_1", "SEV2", "resolved", true),
            ("INC-5", "web", nil, "declared", false), ("INC-6", "api", "p1", "declared", true),
        ]
        var events: [Event] = []
        for (i, (id, service, severity, status, changed)) in rows.enumerated() {
            let at = t0 + .hours(Int64(i))
            if changed {
                // A deploy whose version every crash carries, rolled back, after which the crashes stop.
                events.append(
                    Event(id: "\(id)-deploy", time: at - .minutes(10), kind: .deploy, service: service, version: "\(id)-v2", scope: Scope(percent: 100)))
                events.append(Event(id: "\(id)-rollback", time: at + .minutes(20), kind: .rollback, service: service, reverts: "\(id)-deploy"))
                for m in 0..<20 {
                    events.append(
                        Event(
                            id: "\(id)-crash-\(m)", time: at + .minutes(Int64(m)), kind: .crash, service: service, version: "\(id)-v2", host: "h\(m % 5)",
                            count: 20))
                }
            } else {
                events.append(Event(id: "\(id)-crash", time: at, kind: .crash, service: service, host: "h1", count: 50))
            }
            if id == "INC-2" { events.append(Event(id: "\(id)-report", time: at - .minutes(1), kind: .report, service: service, summary: "checkout fails")) }
            events.append(
                Event(
                    id: "\(id)-declared", time: at + .minutes(5), kind: .incident, service: service, status: "declared", incident: id, severity: severity,
                    title: "\(service) errors #\(i + 1)"))
            if status != "declared" {
                events.append(Event(id: "\(id)-\(status)", time: at + .minutes(30), kind: .incident, service: service, status: status, incident: id))
            }
        }
        try store.insert(events)
        return store
    }

    static func ids(_ store: EventStore, _ configure: (inout IncidentFilter) -> Void) throws -> [String] {
        var f = IncidentFilter()
        configure(&f)
        let fromSQL = try store.summaries(f).summaries.map(\.incident)
        let inMemory = try store.freshSummaries(f, options: AnalysisOptions()).summaries.map(\.incident)
        #expect(fromSQL == inMemory, "SQL and in-memory rules agree")
        return fromSQL
    }

    @Test(arguments: TestBackend.available)
    func filtersAndOrder(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(try Self.ids(store) { _ in } == ["INC-6", "INC-5", "INC-4", "INC-3", "INC-2", "INC-1"], "newest impact first")
        #expect(try Self.ids(store) { $0.services = ["api"] } == ["INC-6", "INC-3", "INC-1"])
        #expect(try Self.ids(store) { $0.services = ["db_1", "web"] } == ["INC-5", "INC-4", "INC-2"])
        #expect(try Self.ids(store) { $0.services = ["db%"] } == [], "LIKE wildcards are literal")
        #expect(try Self.ids(store) { $0.severities = ["SEV1"] } == ["INC-6", "INC-3", "INC-1"], "SEV1, p1 and critical are one level")
        #expect(try Self.ids(store) { $0.severities = ["warning"] } == ["INC-4", "INC-2"], "SEV2 and P2 rank with warning")
        #expect(try Self.ids(store) { $0.status = "open" } == ["INC-6", "INC-5", "INC-3", "INC-2"])
        #expect(try Self.ids(store) { $0.status = "resolved" } == ["INC-4", "INC-1"])
        // Which incidents have a trigger is the correlator's call: the filters follow each analysis.
        let all = ["INC-6", "INC-5", "INC-4", "INC-3", "INC-2", "INC-1"]
        let triggered = try all.filter { try store.analysis(incident: $0).trigger != nil }
        #expect(triggered.contains("INC-4") && !triggered.contains("INC-5"), "a deploy shipping the crashing version triggers; nothing, nothing")
        #expect(try Self.ids(store) { $0.hasTrigger = true } == triggered)
        #expect(try Self.ids(store) { $0.triggerKind = .deploy } == triggered.filter { try! store.analysis(incident: $0).trigger?.change.kind == .deploy })
        #expect(try Self.ids(store) { $0.triggerKind = .config } == [])
        #expect(try Self.ids(store) { $0.customersFirst = true } == ["INC-2"])
        #expect(try Self.ids(store) { $0.search = "ERRORS #3" } == ["INC-3"], "search ignores case")
        #expect(try Self.ids(store) { $0.search = "INC-4-deploy" } == ["INC-4"], "search finds the trigger's id")
        #expect(try Self.ids(store) { $0.search = "%" } == [])
        #expect(
            try Self.ids(store) {
                $0.since = t0 + .hours(2)
                $0.until = t0 + .hours(4)
            } == ["INC-4", "INC-3"])
        #expect(
            try Self.ids(store) {
                $0.services = ["api"]
                $0.status = "open"
                $0.hasTrigger = true
            } == triggered.filter { ["INC-6", "INC-3"].contains($0) })
    }

    @Test(arguments: TestBackend.available)
    func pagesReturnEachIncidentOnceWhileIncidentsAreAdded(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        var f = IncidentFilter()
        f.limit = 2
        var seen: [String] = []
        var pages = 0
        while true {
            let (page, next) = try store.summaries(f)
            seen += page.map(\.incident)
            pages += 1
            // Between pages, a newer incident and one older than everything arrive.
            try store.insert([
                Event(
                    id: "new-\(pages)", time: t0 + .days(1) + .minutes(Int64(pages)), kind: .incident, service: "new", status: "declared",
                    incident: "NEW-\(pages)"),
                Event(
                    id: "old-\(pages)", time: t0 - .days(1) - .minutes(Int64(pages)), kind: .incident, service: "old", status: "declared",
                    incident: "OLD-\(pages)"),
            ])
            guard let next else { break }
            #expect(IncidentCursor(text: next.text) == next, "a cursor reads back")
            f.after = next
        }
        #expect(Set(seen).count == seen.count, "no incident twice: \(seen)")
        #expect(seen.prefix(6) == ["INC-6", "INC-5", "INC-4", "INC-3", "INC-2", "INC-1"])
        #expect(seen.dropFirst(6).allSatisfy { $0.hasPrefix("OLD-") }, "older arrivals come later, newer ones belong to the first page")
        #expect(!seen.contains { $0.hasPrefix("NEW-") })
    }

    @Test(arguments: TestBackend.available)
    func streamingStopsAtTheLimitWithACursor(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        var f = IncidentFilter()
        f.limit = 5
        var seen: [String] = []
        let next = try store.forEachSummary(f, pageSize: 2) { seen.append($0.incident) }
        #expect(seen == ["INC-6", "INC-5", "INC-4", "INC-3", "INC-2"])
        f.limit = nil
        f.after = next
        var rest: [String] = []
        #expect(try store.forEachSummary(f, pageSize: 2) { rest.append($0.incident) } == nil)
        #expect(rest == ["INC-1"])
    }

    @Test func cursorsRejectOtherText() {
        #expect(IncidentCursor(text: "not-a-cursor") == nil)
        #expect(IncidentCursor(text: "") == nil)
        let c = IncidentCursor(sortTime: -5, incident: "INC/é 1")
        #expect(IncidentCursor(text: c.text) == c)
        #expect(!c.text.contains("=") && !c.text.contains("/") && !c.text.contains("+"), "URL-safe")
    }

    @Test func severityRanks() {
        #expect(SeverityRank.of("SEV1") == 1 && SeverityRank.of("sev-1") == 1 && SeverityRank.of("P1") == 1 && SeverityRank.of("Critical") == 1)
        #expect(SeverityRank.of("SEV2") == 2 && SeverityRank.of("p2") == 2 && SeverityRank.of("warning") == 2)
        #expect(SeverityRank.of("SEV0") == 0)
        #expect(
            SeverityRank.of("P9") == SeverityRank.unknown && SeverityRank.of("purple") == SeverityRank.unknown && SeverityRank.of(nil) == SeverityRank.unknown)
    }
}
