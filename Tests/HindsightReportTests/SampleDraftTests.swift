import Foundation
import Hindsight
import HindsightReport
import HindsightStore
import Testing

/// The drafts of every sample incident: confidence and runner-up shown, ids spelled as stored.
@Suite struct SampleDraftTests {
    static let samples = ReportFixtures.repository.appendingPathComponent("sample-incidents")

    /// Every (folder, incident) of the samples.
    static var incidents: [(String, String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        return names.sorted().flatMap { name -> [(String, String)] in
            let folder = samples.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
                let value = try? JSONSerialization.jsonObject(with: data)
            else { return [] }
            let objects = (value as? [[String: Any]]) ?? [(value as? [String: Any]) ?? [:]]
            return objects.compactMap { ($0["incident"] as? String).map { (name, $0) } }
        }
    }

    @Test func everySampleHasADraft() { #expect(Self.incidents.count >= 18) }

    @Test(arguments: incidents.map { "\($0.0)/\($0.1)" })
    func draftsShowConfidenceAndKeepIds(_ key: String) throws {
        let parts = key.split(separator: "/").map(String.init)
        let jsonl = try String(contentsOf: Self.samples.appendingPathComponent(parts[0]).appendingPathComponent("events.jsonl"), encoding: .utf8)
        let (analysis, _) = try ReportFixtures.analysed(jsonl, incident: parts[1])
        for template in ["default", "google-sre"] {
            let md = try ReportFixtures.render(jsonl, incident: parts[1], template: template)
            if let t = analysis.trigger {
                #expect(md.contains("(confidence \(Formatting.score(t.score)); runner-up: "), "\(key) \(template)")
            }
            // An id at the start of a sentence keeps its spelling: never "Cs-channel-file-291".
            for c in analysis.candidates {
                let id = c.change.id
                let capital = id.prefix(1).uppercased() + id.dropFirst()
                if capital != id { #expect(!md.contains(capital), "\(key) \(template): \(capital)") }
            }
        }
    }
}
