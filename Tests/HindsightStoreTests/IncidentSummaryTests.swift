import Foundation
import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// A stored summary is always what a fresh `analyze --json` prints, on both backends, after every kind of
/// write that can change an analysis (and the write does change the incidents it touches).
@Suite struct IncidentSummaryTests {
    /// Generated incidents with known triggers over shared services, plus one still open.
    static let scenarios = AccuracyScenarioGenerator(seed: 11).scenarios(count: 10)

    /// The incidents of `events` (a scenario may hold two).
    static func incidents(_ events: [Event]) -> Set<String> { Set(events.filter { $0.kind == .incident }.compactMap(\.incident)) }

    /// The generated incidents and the open one.
    static let incidentCount = incidents(scenarios.flatMap(\.events)).count + 1

    static func jsonl(_ events: [Event]) -> String { events.map(\.nativeJSON).joined(separator: "\n") + "\n" }

    /// An open incident on the first scenario's service, declared a day after its incident.
    static var openIncident: [Event] {
        let s = scenarios[0]
        return [Event(id: "open-1", time: s.onset + .days(1), kind: .incident, service: s.service, status: "declared", incident: "INC-OPEN", severity: "P1")]
    }

    /// Every incident's summary equals its fresh analysis, none is stale, and each reads back to the same JSON.
    static func expectCurrent(_ store: EventStore, _ backend: TestBackend, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try store.staleSummaryCount() == 0, "\(backend), after \(step)", sourceLocation: sourceLocation)
        let ids = try store.incidentIDs()
        #expect(ids.count == incidentCount, "\(backend), after \(step)", sourceLocation: sourceLocation)
        for id in ids {
            let fresh = try store.analysis(incident: id).json  // the contract text, compared whole
            let stored = try store.summaryJSON(incident: id)
            #expect(stored == fresh, "\(backend), after \(step): \(id)", sourceLocation: sourceLocation)
            let a = try store.analysis(incident: id)
            if let stored {
                let b = try IncidentAnalysis(summaryJSON: stored)
                let what = "\(id) reads back what the views show"
                #expect(
                    (b.incident, b.title, b.severity, b.status) == (a.incident, a.title, a.severity, a.status) && b.services == a.services,
                    "\(what)", sourceLocation: sourceLocation)
                #expect(
                    (b.impactStart, b.detectedAt, b.mitigatedAt, b.resolvedAt) == (a.impactStart, a.detectedAt, a.mitigatedAt, a.resolvedAt),
                    "\(what)", sourceLocation: sourceLocation)
                #expect(
                    (b.detectionLag, b.timeToMitigate, b.timeToResolve, b.detectedExternallyFirst)
                        == (a.detectionLag, a.timeToMitigate, a.timeToResolve, a.detectedExternallyFirst), "\(what)", sourceLocation: sourceLocation)
                #expect(
                    b.trigger?.change.id == a.trigger?.change.id && b.trigger?.change.kind == a.trigger?.change.kind, "\(what)", sourceLocation: sourceLocation)
                #expect(
                    (b.confirmation == nil) == (a.confirmation == nil) && b.findings == a.findings && b.signals == a.signals, "\(what)",
                    sourceLocation: sourceLocation)
                #expect((b.blastRadius.crashes, b.blastRadius.hosts) == (a.blastRadius.crashes, a.blastRadius.hosts), "\(what)", sourceLocation: sourceLocation)
                #expect(b.candidates.map(\.change.id) == a.candidates.map(\.change.id) && b.verdicts == a.verdicts, "\(what)", sourceLocation: sourceLocation)
            }
        }
    }

    static func summaries(_ store: EventStore) throws -> [String: String] {
        var out: [String: String] = [:]
        for id in try store.incidentIDs() { out[id] = try store.summaryJSON(incident: id) }
        return out
    }

    @Test(arguments: TestBackend.available)
    func summariesStayEqualToAFreshAnalysis(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let report = try ingest(Self.jsonl(Self.scenarios.flatMap(\.events) + Self.openIncident), into: store)
        #expect(report.summaries == Self.incidentCount, "the bulk ingest computed every summary")
        try Self.expectCurrent(store, backend, "a bulk ingest")

        // Late signals for an old incident: crashes on its service inside its window, not linked.
        let old = Self.scenarios[1]
        var before = try Self.summaries(store)
        let late = (0..<5).map { i in
            Event(id: "late-\(i)", time: old.onset + .minutes(Int64(3 + i)), kind: .crash, service: old.service, host: "late-host-\(i)", count: 40)
        }
        try store.insert(late)
        try Self.expectCurrent(store, backend, "late signals")
        #expect(try store.summaryJSON(incident: old.incident) != before[old.incident], "the late crashes changed \(old.incident)")

        // A new change inside another incident's window.
        let target = Self.scenarios[2]
        before = try Self.summaries(store)
        let change = Event(
            id: "late-deploy", time: target.onset - .minutes(12), kind: .deploy, service: target.service, version: "late-v9", scope: Scope(percent: 100))
        #expect(try ingest(Self.jsonl([change]), into: store).summaries >= 1)
        try Self.expectCurrent(store, backend, "a new change")
        #expect(try store.summaryJSON(incident: target.incident) != before[target.incident], "the new deploy is a candidate of \(target.incident)")
        let untouched = Self.scenarios.filter { $0.service != target.service && $0.service != old.service && $0.onset > target.onset + .days(30) }
        for s in untouched { #expect(try store.summaryJSON(incident: s.incident) == before[s.incident]) }

        // A verdict: the team rejects the correlator's trigger.
        let judged = Self.scenarios.first { s in (try? store.analysis(incident: s.incident).trigger) != nil }!
        let trigger = try store.analysis(incident: judged.incident).trigger!.change.id
        before = try Self.summaries(store)
        try store.recordVerdict(incident: judged.incident, change: trigger, decision: .rejected, by: "sre", why: "a red herring", now: judged.onset + .days(2))
        try Self.expectCurrent(store, backend, "a verdict")
        #expect(try store.summaryJSON(incident: judged.incident) != before[judged.incident])

        // A catalog import that adds a dependency: a change on the new upstream service becomes a candidate.
        let downstream = Self.scenarios[3]
        try store.insert([
            Event(id: "upstream-change", time: downstream.onset - .minutes(20), kind: .config, service: "upstream-x", version: "cfg-7")
        ])
        before = try Self.summaries(store)
        let entity = CatalogEntity(
            kind: "Component", namespace: "default", name: downstream.service, system: nil, dependsOn: ["upstream-x"], dependencyOf: [], file: "catalog.yaml",
            line: 1)
        try store.importCatalog([entity])
        try Self.expectCurrent(store, backend, "a catalog import")
        #expect(try store.summaryJSON(incident: downstream.incident)?.contains("upstream-change") == true)
        #expect(before[downstream.incident]?.contains("upstream-change") == false)

        // An event on the open incident's service long after everything else: it runs to the latest event.
        try store.insert([Event(id: "much-later", time: Self.scenarios.map(\.onset).max()! + .days(40), kind: .alert, service: Self.scenarios[0].service)])
        try Self.expectCurrent(store, backend, "a signal on an open incident's service")

        // An analysis-version bump: every summary made by another version is stale until recomputed.
        try store.write { s in try s.execute("UPDATE incident_summary SET analysis_version = ?, json = '{}'", [Analyzer.version + 1]) }
        #expect(try store.staleSummaryCount() == Self.incidentCount)
        var progress: [Int] = []
        #expect(try store.refreshSummaries { done, _ in progress.append(done) } == Self.incidentCount)
        #expect(progress.last == Self.incidentCount)
        try Self.expectCurrent(store, backend, "an analysis-version bump")
    }

    /// A refresh whose analyses ran while another writer brought the same summary up to date leaves that writer's
    /// summary: the analyses it made from the older snapshot are not stored over it.
    @Test(arguments: TestBackend.available)
    func aRefreshStoresNothingOverASummaryReplacedMeanwhile(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try ingest(Self.jsonl(Self.scenarios.flatMap(\.events) + Self.openIncident), into: store)
        let old = Self.scenarios[1]
        try store.write { s in try s.execute("UPDATE incident_summary SET analysis_version = 0 WHERE incident = ?", [old.incident]) }
        let batch = try store.staleBatch()
        #expect(batch.ids == [old.incident])
        let analyses = store.analyses(of: batch.ids)
        // Meanwhile another writer stores late crashes on its service, and brings its summary up to date.
        try store.insert(
            (0..<5).map { i in
                Event(id: "late-\(i)", time: old.onset + .minutes(Int64(3 + i)), kind: .crash, service: old.service, host: "late-host-\(i)", count: 40)
            })
        let replaced = try store.summaryJSON(incident: old.incident)
        try store.store(batch, analyses: analyses)
        #expect(try store.summaryJSON(incident: old.incident) == replaced)
        try Self.expectCurrent(store, backend, "a refresh that another writer overtook")
    }

    @Test(arguments: TestBackend.available)
    func anIngestTouchingNoIncidentRecomputesNothing(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try ingest(Self.jsonl(Self.scenarios.flatMap(\.events)), into: store)
        let far = Self.scenarios.map(\.onset).min()! - .days(200)
        let quiet = (0..<20).map { Event(id: "q-\($0)", time: far + .minutes(Int64($0)), kind: .crash, service: "elsewhere", host: "h\($0)") }
        #expect(try ingest(Self.jsonl(quiet), into: store).summaries == 0)
        // Resolved incidents do not watch their services for ever: a crash a year later recomputes nothing.
        let later = Event(id: "later", time: Self.scenarios.map(\.onset).max()! + .days(365), kind: .crash, service: Self.scenarios[0].service)
        #expect(try ingest(Self.jsonl([later]), into: store).summaries == 0)
    }

    @Test func aStoreFromBeforeSummariesGetsThemOnMigration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.db").path
        let old = try EventStore.openForMigration(location: path)
        // The migration before the summaries', so the store has every event column today's sink writes.
        try old.migrate(upTo: "team-action-fields")
        try old.write { s in try s.eventSink().insertAll(Self.scenarios.prefix(3).flatMap(\.events)) }
        let store = try EventStore.open(path: path)
        let stored = Self.incidents(Self.scenarios.prefix(3).flatMap(\.events))
        #expect(stored.count >= 3)
        #expect(try store.staleSummaryCount() == stored.count, "the migration lists every stored incident as stale")
        #expect(try store.refreshSummaries() == stored.count)
        for id in stored { #expect(try store.summaryJSON(incident: id) == store.analysis(incident: id).json) }
    }
}
