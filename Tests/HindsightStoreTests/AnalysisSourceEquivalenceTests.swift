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
