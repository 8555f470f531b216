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

    /// The public corpus: folders rebuilt from a published post-mortem with the corpus conventions (the fictional ones
    /// say they are invented; the CrowdStrike sample predates the conventions and links its signals).
    static var publicIncidents: [URL] {
        folders.filter {
            $0.lastPathComponent != "crowdstrike-2024-07-19"
                && !((try? String(contentsOf: $0.appendingPathComponent("README.md"), encoding: .utf8)) ?? "").contains("All events are invented")
        }
    }

    @Test func thereAreSamplesWithExpectations() {
        let withExpected = Self.folders.filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path) }
        #expect(withExpected.count == Self.folders.count)
        #expect(withExpected.map(\.lastPathComponent).contains("crowdstrike-2024-07-19"))
        #expect(Self.publicIncidents.count >= 12)
    }

    /// A public incident cites its sources, says what is simulated, and is shaped like a team's tooling: most of
    /// its alerts and crashes carry no incident id, and simulated events say so in `attributes`.
    @Test(arguments: publicIncidents)
    func publicIncidentIsSourcedAndMostlyUnlinked(_ folder: URL) throws {
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("https://"), "\(folder.lastPathComponent): no source URL")
        #expect(readme.lowercased().contains("simulated"))
        let store = try EventStore.inMemory()
        _ = try store.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
        let signals = try store.events(EventFilter(kinds: [.alert, .crash, .report]))
        let unlinked = signals.filter { $0.incident == nil }
        #expect(Double(unlinked.count) >= 0.6 * Double(signals.count), "\(folder.lastPathComponent): \(unlinked.count) of \(signals.count) unlinked")
        let synthetic = signals.filter { $0.kind == .crash && $0.host != nil }
        #expect(
            synthetic.allSatisfy { $0.attributes?.contains("\"simulated\":true") ?? false } || synthetic.count <= 2,
            "\(folder.lastPathComponent): per-host crashes must be marked simulated")
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

    static let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Every expected.json is what expected.py computes from its events.jsonl: no answer was edited by hand.
    @Test(.enabled(if: python3 != nil, "python3 is not installed"))
    func expectedAnswersAreWhatExpectedPyComputes() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python3))
        process.arguments = [Self.root.appendingPathComponent("expected.py").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
    }

    /// Public incidents whose trigger the correlator does not name yet (docs/correlator.md, "Where it is weak"), keyed by
    /// folder, or by "folder/incident" in a folder holding several incidents. Every metric of theirs is still checked; only
    /// the trigger and latent change are known misses.
    static let knownMisses = [
        "gcp-service-control-2025-06-12": "the trigger is one of 22 quota pushes every 5 minutes and nothing in the data singles it out",
        "knight-capital-2012-08-01": "the failing server runs the old build, so its signals point at the wrong deploy",
        "datadog-2023-03-08": "the trigger is a daily routine upgrade on '*' and the latent change a base image 4 months older",
        "aws-dynamodb-2025-10-20": "the trigger is one of 26 plan applications by the same automation; only its older plan version sets it apart",
        "cloudflare-1111-2025-07-14":
            "a one-off policy change on the Resolver 27 minutes before outranks the upstream topology change 4 minutes before; the latent change is 38 days old",
        "cloudflare-r2-2025-03-21":
            "the upstream credential deletion is 61 minutes before impact; a one-off rate-limit change on the incident service 18 minutes before is named, "
            + "because the next config change on that service (the production credential, naming no key) ended the impact and reads as its fix forward",
        "google-2020-12-14": "the trigger is named, but the latent October registration is two months old, outside the window",
        "atlassian-2022-04-05":
            "hosts are not contrasted: the per-site run counts as a routine series, judged at a step after impact start within the clock skew, and it abstains",
        "aws-kinesis-2020-11-25":
            "the capacity addition has only timing, on another of the incident's services; a rate-limit config closer to the onset outranks it and 'no change' leads",
        "cloudflare-bot-management-2025-11-18":
            "the upstream grants change has timing and its catalog path, but two routine feature-file pushes closer to the onset outrank it and it abstains",
        "facebook-2021-10-04": "the backbone maintenance is the most likely change (0.60) on timing and its path, below the 0.69 threshold: it abstains",
        "github-2018-10-21": "the optics maintenance is the most likely change (0.56) on timing and its path, below the 0.69 threshold: it abstains",
        "gitlab-2017-01-31/gitlab-2017-01-31-data-removal":
            "the removal of db1's data directory is the most likely change (0.59), a rack-attack block runs second (0.23): below the 0.69 threshold, it abstains",
        "github-2025-08-05/github-2025-08-05-pr-migration":
            "the column drop is the most likely change (0.58) on timing alone, below the 0.69 threshold: it abstains",
        "stripe-2019-07-10/stripe-2019-07-10-second":
            "the rollback is named, but the shard configuration it met (two days older, on no signal) is not found as its latent change",
    ]

    /// `analyze --json` gives every figure expected.json holds (computed independently by expected.py), with the
    /// folder's catalog-info.yaml imported when it ships one.
    @Test(arguments: folders)
    func analysisMatchesExpected(_ folder: URL) throws {
        let store = try EventStore.inMemory()
        _ = try store.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
        let catalog = folder.appendingPathComponent("catalog-info.yaml").path
        if FileManager.default.fileExists(atPath: catalog) {
            #expect(try store.importCatalog(try CatalogDecoder.decode(path: catalog)) > 0)
        }
        for expected in try Self.expectations(folder) {
            let id = try #require(expected["incident"] as? String)
            let json = Analyzer().analyze(try store.analysisInput(incident: id)).json
            let got = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let context = "\(folder.lastPathComponent) \(id)"
            let checkTrigger = {
                #expect((got["trigger"] as? [String: Any])?["id"] as? String == expected["trigger"] as? String, "trigger, \(context)")
                #expect(
                    (got["latent_change"] as? [String: Any])?["id"] as? String == expected["latent_change"] as? String,
                    "latent change, \(context)")
            }
            if let reason = Self.knownMisses["\(folder.lastPathComponent)/\(id)"] ?? Self.knownMisses[folder.lastPathComponent] {
                // The correlator still gets this one wrong; the expected answer stays as the post-mortem says.
                // When the correlator gets it right, this known issue fails: remove the folder from the list.
                withKnownIssue(Comment(rawValue: reason)) { checkTrigger() }
            } else {
                checkTrigger()
            }
            for key in ["impact_start", "detected_at", "first_external_report_at", "mitigated_at", "resolved_at"] {
                #expect(got[key] as? String == expected[key] as? String, "\(key), \(context)")
            }
            for key in ["detection_lag_seconds", "time_to_mitigate_seconds", "time_to_resolve_seconds"] {
                #expect(got[key] as? Int == expected[key] as? Int, "\(key), \(context)")
            }
            #expect(got["detected_externally_first"] as? Bool == expected["detected_externally_first"] as? Bool, "externally first, \(context)")
            let blast = try #require(got["blast_radius"] as? [String: Any])
            let want = try #require(expected["blast_radius"] as? [String: Any])
            #expect(blast["hosts"] as? Int == want["hosts"] as? Int, "hosts, \(context)")
            #expect(blast["crashes"] as? Int == want["crashes"] as? Int, "crashes, \(context)")
            #expect(blast["services"] as? [String] == want["services"] as? [String], "services, \(context)")
            #expect(blast["regions"] as? [String] == want["regions"] as? [String], "regions, \(context)")
        }
    }
}
