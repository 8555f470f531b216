import Foundation
import Hindsight
import HindsightSimulation
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// `prune` removes only what no incident uses (or, with `all`, whole old incidents); `backup` copies an SQLite store.
@Suite struct PruneBackupTests {
    static let scenarios = AccuracyScenarioGenerator(seed: 5).scenarios(count: 6)

    @Test(arguments: TestBackend.available)
    func pruneKeepsEverySignalAnIncidentUses(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        try store.insert(Self.scenarios.flatMap(\.events))
        let first = Self.scenarios.map(\.onset).min()!
        // Old noise nobody's incident reads: a year before the first incident, and on a service no incident has.
        let noise = (0..<25).map { i in
            Event(id: "noise-\(i)", time: first - .days(365) + .minutes(Int64(i)), kind: i % 2 == 0 ? .crash : .alert, service: "svc-0", host: "n\(i)")
        }
        let elsewhere = (0..<5).map { Event(id: "else-\($0)", time: first + .minutes(Int64($0)), kind: .crash, service: "batch-jobs") }
        let oldChange = Event(id: "old-change", time: first - .days(300), kind: .deploy, service: "svc-0", version: "ancient")
        try store.insert(noise + elsewhere + [oldChange])
        let before = try Dictionary(uniqueKeysWithValues: store.incidentIDs().map { ($0, try store.summaryJSON(incident: $0)) })
        let total = try store.read { s in try s.value(Int.self, "SELECT COUNT(*) FROM event") }!

        let cutoff = Self.scenarios.map(\.onset).max()! + .days(30)
        var reports: [PruneReport] = []
        let report = try store.prune(before: cutoff, batch: 7) { reports.append($0) }
        // The scenarios' own background crashes far from their incidents go too; what stays is what the analyses read.
        #expect(report.deleted >= noise.count + elsewhere.count)
        for e in noise + elsewhere { #expect(try store.event(id: e.id) == nil, "\(e.id) is removed") }
        let linked = Self.scenarios.flatMap(\.events).filter { $0.incident != nil }
        for e in linked { #expect(try store.event(id: e.id) != nil, "\(e.id), linked to an incident, stays") }
        #expect(reports.count > 3 && reports.last == report, "progress after every batch")
        #expect(try store.read { s in try s.value(Int.self, "SELECT COUNT(*) FROM event") } == total - report.deleted)
        #expect(try store.event(id: "old-change") != nil, "changes stay")
        for (id, json) in before {
            #expect(try store.summaryJSON(incident: id) == json, "\(id)'s analysis is unchanged")
            #expect(try store.analysis(incident: id).json == json)
        }
        #expect(try store.prune(before: cutoff).deleted == 0, "pruning again removes nothing")
    }

    @Test(arguments: TestBackend.available)
    func pruneAllRemovesIncidentsThatEndedBefore(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        try store.insert(Self.scenarios.flatMap(\.events))
        let sorted = Self.scenarios.sorted { $0.onset < $1.onset }
        let cutoff = sorted[3].onset - .days(2)
        var lastLifecycle: [String: Timestamp] = [:]
        for e in Self.scenarios.flatMap(\.events) where e.kind == .incident {
            lastLifecycle[e.incident!] = max(lastLifecycle[e.incident!] ?? e.time, e.time)
        }
        let ended = Set(lastLifecycle.filter { $0.value < cutoff }.keys)
        #expect(ended.count >= 3 && ended.count < lastLifecycle.count)
        let report = try store.prune(before: cutoff, all: true)
        #expect(report.incidents == ended.count)
        let left = try store.incidentIDs()
        #expect(Set(left) == Set(lastLifecycle.keys).subtracting(ended))
        #expect(try store.read { s in try s.value(Int.self, "SELECT COUNT(*) FROM event WHERE time < ?", [cutoff.milliseconds]) } == 0)
        #expect(try store.read { s in try s.value(Int.self, "SELECT COUNT(*) FROM incident_summary") } == left.count)
        #expect(try store.staleSummaryCount() == 0)
        for id in left { #expect(try store.summaryJSON(incident: id) == store.analysis(incident: id).json) }
    }

    @Test func backupCopiesAStoreInUse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore.open(path: dir.appendingPathComponent("live.db").path)
        try store.insert(Self.scenarios.flatMap(\.events))
        let copy = dir.appendingPathComponent("copy.db").path
        try store.backup(to: copy)
        let restored = try EventStore.open(path: copy)
        #expect(try restored.incidentIDs() == store.incidentIDs())
        #expect(try restored.events(EventFilter(limit: 100_000)).map(\.id) == store.events(EventFilter(limit: 100_000)).map(\.id))
        for id in try store.incidentIDs() { #expect(try restored.summaryJSON(incident: id) == store.summaryJSON(incident: id)) }
        #expect(throws: StoreError.backupExists(copy)) { try store.backup(to: copy) }
        #expect(!FileManager.default.fileExists(atPath: copy + ".partial-\(ProcessInfo.processInfo.processIdentifier)"))
    }

    @Test func backupOfPostgresPointsToItsTools() throws {
        guard TestBackend.available.contains(.postgres) else { return }
        let store = try TestBackend.postgres.makeStore()
        #expect(throws: StoreError.backupNeedsSQLite(store: store.displayName)) { try store.backup(to: "/tmp/never-written.db") }
        #expect(StoreError.backupNeedsSQLite(store: "x").description.contains("docs/postgres.md"))
    }
}
