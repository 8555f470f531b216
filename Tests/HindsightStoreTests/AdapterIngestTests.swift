import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// Ecosystem payloads through the store's ingest: validated, transactional, idempotent.
@Suite struct AdapterIngestTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // HindsightStoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/fixtures").standardized

    static let webhook = """
        {"receiver":"hindsight","status":"firing","version":"4","groupKey":"{}",
         "alerts":[{"status":"firing","labels":{"alertname":"Errors","service":"checkout"},
                    "annotations":{"summary":"5xx above 2%"},"startsAt":"2024-03-01T10:00:00Z",
                    "endsAt":"0001-01-01T00:00:00Z","fingerprint":"aa11"},
                   {"status":"firing","labels":{"alertname":"Latency","service":"checkout"},
                    "startsAt":"2024-03-01T10:02:00Z","endsAt":"0001-01-01T00:00:00Z"}]}
        """

    @Test(arguments: TestBackend.available) func sameWebhookPayloadIngestedTwiceIsStoredOnce(_ backend: TestBackend) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-adapter-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("webhook.json")
        try Self.webhook.write(to: file, atomically: true, encoding: .utf8)

        let store = try backend.makeStore()
        let first = try store.ingest(ByteInput(path: file.path))
        #expect(first.format == "alertmanager")
        #expect(first.committed)
        #expect(first.new == 2)
        let second = try store.ingest(ByteInput(path: file.path))
        #expect(second.new == 0)
        #expect(second.duplicates == 2)
        #expect(second.conflicts == 0)
        #expect(try store.totalEvents() == 2)
        let stored = try #require(try store.event(id: "alertmanager:aa11:firing:2024-03-01T10:00:00Z"))
        #expect(stored.service == "checkout")
        #expect(stored.kind == .alert)
    }

    @Test(arguments: TestBackend.available) func everyFixtureIngestsIntoOneStoreWithoutConflicts(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        var new = 0
        var skipped = 0
        var merged = 0
        for folder in ["cdevents", "alertmanager", "github", "pagerduty"] {
            let dir = Self.fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".json") {
                let report = try store.ingest(ByteInput(path: dir.appendingPathComponent(name).path))
                #expect(report.problems == 0, "\(folder)/\(name): \(report.issues)")
                #expect(report.format == folder)
                new += report.new
                skipped += report.skipped
                merged += report.merged
            }
        }
        // 8 mapped CDEvents + 1 alert + 1 GitHub deploy (its deployment and status merged) + 2 PagerDuty events;
        // 2 CDEvents types skipped.
        #expect(new == 12)
        #expect(merged == 1)
        #expect(skipped == 2)
        #expect(try store.totalEvents() == 12)
    }

    @Test(arguments: TestBackend.available) func serviceLabelsReachTheAdapterThroughIngestOptions(_ backend: TestBackend) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-adapter-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("webhook.json")
        try Self.webhook.write(to: file, atomically: true, encoding: .utf8)

        let store = try backend.makeStore()
        let options = IngestOptions(adapters: AdapterOptions(serviceLabels: ["alertname"]))
        let report = try store.ingest(ByteInput(path: file.path), options: options)
        #expect(report.new == 2)
        #expect(try store.events(EventFilter()).map(\.service).sorted() == ["Errors", "Latency"])
    }

    @Test(arguments: TestBackend.available) func alertsNamingNoServiceAreStoredWithOneWarningCounted(_ backend: TestBackend) throws {
        let alerts = (0..<3).map { #"{"status":"firing","labels":{"alertname":"Disk","team":"storage"},"startsAt":"2024-03-01T10:0\#($0):00Z"}"# }
        let text = #"{"version":"4","receiver":"r","alerts":["# + alerts.joined(separator: ",") + "]}"
        let report = try ingest(text, into: try backend.makeStore(), suffix: ".json")
        #expect(report.committed)
        #expect(report.new == 3)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.count == 3)
        #expect(report.warnings.first?.issue.field == "alerts[0].labels")
    }
}
