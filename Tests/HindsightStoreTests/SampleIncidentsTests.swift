import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import Testing

/// Every bundled sample ingests cleanly, and its expected.json agrees with what the store sees.
@Suite struct SampleIncidentsTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-incidents")

    static var folders: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { root.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("events.jsonl").path) }
    }

    /// The objects of expected.json: one object, or an array when a sample holds several incidents.
    static func expectations(_ folder: URL) throws -> [[String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let value = try JSONSerialization.jsonObject(with: data)
        if let one = value as? [String: Any] { return [one] }
        return try #require(value as? [[String: Any]])
    }

    @Test func thereAreSamplesWithExpectations() {
        let withExpected = Self.folders.filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path) }
        #expect(withExpected.count >= 4)
        #expect(withExpected.map(\.lastPathComponent).contains("crowdstrike-2024-07-19"))
    }

    @Test(arguments: folders)
    func sampleIngestsAndMatchesExpected(_ folder: URL) throws {
        let path = folder.appendingPathComponent("events.jsonl").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        let store = try EventStore.inMemory()
        let report = try store.ingest(try ByteInput(path: path))
        #expect(report.invalid == 0, "\(report.issues.map(\.description))")
        #expect(report.conflicts == 0)
        #expect(report.committed)
        #expect(report.new == lines.count)

        for expected in try Self.expectations(folder) {
            let id = try #require(expected["incident"] as? String)
            #expect(try store.hasIncident(id))
            let scope = try store.incidentScope(id)
            let impact = try #require(try store.impactStart(of: scope))
            let want = try Timestamp.parse(try #require(expected["impact_start"] as? String)).get()
            #expect(impact == want, "\(folder.lastPathComponent) \(id)")
            // The named trigger and latent change exist and are changes made before the impact.
            for key in ["trigger", "latent_change"] {
                guard let changeID = expected[key] as? String else { continue }
                let change = try #require(try store.event(id: changeID), "\(key) \(changeID) is not in events.jsonl")
                #expect(change.kind.isChange)
                #expect(change.time <= impact)
            }
        }
    }
}
