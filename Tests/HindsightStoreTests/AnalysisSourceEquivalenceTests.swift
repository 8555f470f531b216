import Foundation
import Hindsight
import HindsightFormats
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// The store answers the analysis's questions in SQL exactly as the in-memory source does in Swift.
@Suite struct AnalysisSourceEquivalenceTests {
    @Test(arguments: SampleIncidentsTests.folders, TestBackend.available)
    func storeAndMemoryGatherTheSameFacts(_ folder: URL, _ backend: TestBackend) throws {
        let store = try backend.makeStore()
        _ = try store.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
        let catalog = folder.appendingPathComponent("catalog-info.yaml").path
        if FileManager.default.fileExists(atPath: catalog) { try store.importCatalog(try CatalogDecoder.decode(path: catalog)) }
        let memory = MemoryAnalysisSource(events: try store.events(EventFilter()), edges: try store.catalogEdges())
        for expected in try SampleIncidentsTests.expectations(folder) {
            let id = try #require(expected["incident"] as? String)
            let fromStore = try store.analysisInput(incident: id)
            let fromMemory = try #require(try AnalysisInput.gather(id, from: memory))
            #expect(fromStore == fromMemory, "\(folder.lastPathComponent) \(id) on \(backend)")
        }
    }

    /// The lookups asked for many changes at once (one statement on PostgreSQL) answer as one lookup per change does,
    /// and as the in-memory source does: rollouts by version, single changes by id, other environments, no hosts.
    @Test(arguments: TestBackend.available) func batchedLookupsAnswerAsOneLookupEach(_ backend: TestBackend) throws {
        let t0 = try Timestamp.parse("2024-06-03T10:00:00Z").get()
        var events: [Event] = []
        for step in 0..<4 {
            let at = t0 + .minutes(Int64(10 * step))
            events.append(Event(id: "api-2.1-\(step)", time: at, kind: .deploy, service: "api", version: "2.1", host: "api-\(step % 3)"))
            events.append(Event(id: "web-7-\(step)", time: at + .minutes(1), kind: .deploy, service: "web", version: "7"))
        }
        events.append(Event(id: "api-2.1-staging", time: t0 + .minutes(2), kind: .deploy, service: "api", environment: "staging", version: "2.1", host: "s-1"))
        events.append(Event(id: "api-2.2", time: t0 + .minutes(50), kind: .deploy, service: "api", version: "2.2", host: "api-9"))
        events.append(Event(id: "api-flag", time: t0 + .minutes(5), kind: .release, service: "api", version: "2.1", host: "api-7"))
        events.append(Event(id: "api-config", time: t0 + .minutes(6), kind: .config, service: "api", host: "api-4"))
        events.append(Event(id: "api-config-2", time: t0 + .minutes(7), kind: .config, service: "api", host: "api-5"))
        events.append(Event(id: "web-config", time: t0 + .minutes(8), kind: .config, service: "web"))
        for i in 0..<12 {
            events.append(
                Event(
                    id: "crash-\(i)", time: t0 + .minutes(Int64(3 * i)), kind: .crash, service: "api", version: i % 3 == 0 ? nil : ["2.1", "2.2"][i % 2],
                    count: i + 1))
        }
        let store = try backend.makeStore()
        try store.insert(events)
        let memory = MemoryAnalysisSource(events: events)
        let changes = events.filter(\.kind.isChange)
        let through = t0 + .minutes(35)
        try store.read { s in
            let source = StoreAnalysisSource(s)
            let steps = try source.rolloutSteps(of: changes, limit: 3)
            #expect(steps == (try changes.map { try source.rolloutSteps(of: $0, limit: 3) }))
            #expect(steps == (try memory.rolloutSteps(of: changes, limit: 3)))
            #expect(steps[0].map(\.id) == ["api-2.1-0", "api-2.1-staging", "api-2.1-1"])
            let reached = try source.hostsReached(by: changes, through: through)
            #expect(reached == (try memory.hostsReached(by: changes, through: through)))
            #expect(
                zip(changes, reached).filter { $0.1 > 0 }.map { "\($0.0.id) \($0.1)" } == [
                    "api-2.1-0 4", "api-2.1-1 4", "api-2.1-2 4", "api-2.1-3 4", "api-2.1-staging 4", "api-flag 1", "api-config 1", "api-config-2 1",
                ])
            for (from, to) in [(t0, t0 + .hours(1)), (t0 + .minutes(10), t0 + .minutes(20)), (t0 + .hours(2), t0 + .hours(3))] {
                #expect(
                    try source.versionShare(of: "2.1", on: ["api"], from: from, to: to) == (try memory.versionShare(of: "2.1", on: ["api"], from: from, to: to))
                )
            }
            #expect(
                try source.versionShare(of: "2.1", on: ["api", "web"], from: t0, to: t0 + .hours(1))
                    == VersionShare(carrying: 3 + 5 + 9 + 11, versioned: 2 + 3 + 5 + 6 + 8 + 9 + 11 + 12))
        }
    }

    @Test(arguments: TestBackend.available) func catalogImportReplacesAnEntitysDependencies(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let first = CatalogEntity(kind: "Component", name: "edge-proxy", dependsOn: ["bot-management", "dns"], file: "a.yaml", line: 1)
        #expect(try store.importCatalog([first]) == 2)
        var again = first
        again.dependsOn = ["bot-management"]
        try store.importCatalog([again, CatalogEntity(kind: "Resource", name: "clickhouse", dependencyOf: ["bot-management"], file: "b.yaml", line: 3)])
        #expect(
            try store.catalogEdges() == [
                CatalogEdge(service: "bot-management", dependsOn: "clickhouse"),
                CatalogEdge(service: "edge-proxy", dependsOn: "bot-management"),
            ])
    }

    @Test(arguments: TestBackend.available) func anUpstreamChangeIsTheTriggerThroughTheStoredCatalog(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        var events = [
            Event(id: "grants", time: t0, kind: .config, service: "clickhouse", actor: "db-team"),
            Event(id: "declared", time: t0 + .minutes(20), kind: .incident, service: "edge-proxy", status: "declared", incident: "I"),
        ]
        for m in 0..<40 {
            events.append(Event(id: "c\(m)", time: t0 + .minutes(Int64(5 + m)), kind: .crash, service: "edge-proxy", host: "h\(m % 7)", count: 3))
        }
        try store.insert(events)
        #expect(Analyzer().analyze(try store.analysisInput(incident: "I")).trigger == nil)
        try store.importCatalog([
            CatalogEntity(kind: "Component", name: "edge-proxy", dependsOn: ["bot-management"], file: "c.yaml", line: 1),
            CatalogEntity(kind: "Component", name: "bot-management", dependsOn: ["clickhouse"], file: "c.yaml", line: 9),
        ])
        let a = Analyzer().analyze(try store.analysisInput(incident: "I"))
        #expect(a.candidates.first?.change.id == "grants")
        #expect(a.candidates.first?.reasons.contains("upstream of the incident in the service catalog: clickhouse → bot-management → edge-proxy") == true)
        withKnownIssue("v3 abstains on an upstream change whose only evidence beyond timing is its catalog path (the fitted path weight is below 0)") {
            #expect(a.trigger?.change.id == "grants")
        }
    }
}
