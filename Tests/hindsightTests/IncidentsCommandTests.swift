import Foundation
import Testing

/// `hindsight incidents` (from the stored summaries: order, filters, pages), `prune` and `backup` end to end.
@Suite struct IncidentsCommandTests {
    /// INC-A: a deploy whose version every crash carries, rolled back after 20 minutes; INC-B and INC-C: no change.
    static let lines: [String] = [
        #"{"id":"d1","time":"2024-07-19T03:50:00Z","kind":"deploy","service":"api","version":"v2","scope":{"percent":100}}"#,
        #"{"id":"r1","time":"2024-07-19T04:20:00Z","kind":"rollback","service":"api","reverts":"d1"}"#,
        #"{"id":"i1","time":"2024-07-19T04:05:00Z","kind":"incident","service":"api","incident":"INC-A","status":"declared","severity":"SEV1","title":"API down"}"#,
        #"{"id":"c2","time":"2024-07-20T04:00:00Z","kind":"crash","service":"web","host":"h2"}"#,
        #"{"id":"i2","time":"2024-07-20T04:05:00Z","kind":"incident","service":"web","incident":"INC-B","status":"declared","severity":"P2","title":"Web slow"}"#,
        #"{"id":"i3","time":"2024-07-21T04:05:00Z","kind":"incident","service":"web","incident":"INC-C","status":"declared","severity":"critical","title":"Web down"}"#,
        #"{"id":"i3r","time":"2024-07-21T05:05:00Z","kind":"incident","service":"web","incident":"INC-C","status":"resolved"}"#,
    ]

    static var events: String {
        var all = lines
        for m in 0..<20 {
            let minute = m < 10 ? "0\(m)" : "\(m)"
            all.append(
                #"{"id":"c1-"# + "\(m)" + #"","time":"2024-07-19T04:"# + minute + #":00Z","kind":"crash","service":"api","version":"v2","host":"h"# + "\(m % 5)"
                    + #"","count":20}"#)
        }
        return all.joined(separator: "\n") + "\n"
    }

    static func loaded() throws -> CLI {
        let cli = try CLI()
        let r = try cli.run(["ingest", try cli.write("events.jsonl", events)])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    @Test func listsNewestFirstWithFilters() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let all = try cli.run(["incidents"])
        #expect(all.status == 0 && all.stderr == "")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("INCIDENT  SEVERITY  IMPACT START") == true)
        #expect(lines.dropFirst().map { String($0.prefix(5)) } == ["INC-C", "INC-B", "INC-A"])
        #expect(try cli.run(["incidents", "--ids", "--severity", "sev1"]).stdout == "INC-C\nINC-A\n", "critical and SEV1 are one level")
        #expect(try cli.run(["incidents", "--ids", "--status", "open", "--service", "web"]).stdout == "INC-B\n")
        #expect(try cli.run(["incidents", "--ids", "--search", "DOWN", "--since", "2024-07-20T00:00:00Z"]).stdout == "INC-C\n")
        #expect(try cli.run(["incidents", "--ids", "--has-trigger"]).stdout == "INC-A\n")
        #expect(try cli.run(["incidents", "--service", "nope"]).stdout == "No incidents match.\n")
    }

    @Test func pagesWithCursorsAndJSON() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        var seen: [String] = []
        var args = ["incidents", "--ids", "--limit", "2"]
        while true {
            let r = try cli.run(args)
            #expect(r.status == 0)
            seen += r.stdout.split(separator: "\n").map(String.init)
            guard let range = r.stderr.range(of: "add --after ") else { break }
            let cursor = r.stderr[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            args = ["incidents", "--ids", "--limit", "2", "--after", cursor]
        }
        #expect(seen == ["INC-C", "INC-B", "INC-A"])
        let json = try cli.run(["incidents", "--json"])
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.compactMap { $0["incident"] as? String } == ["INC-C", "INC-B", "INC-A"])
        let fresh = try cli.run(["analyze", "INC-A", "--json"]).stdout
        #expect(json.stdout.contains(fresh.trimmingCharacters(in: .whitespacesAndNewlines)), "the stored summary is what analyze prints")
    }

    @Test func nonDefaultOptionsAnalyseAfreshAndSaySo() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["incidents", "--ids", "--window", "1h"])
        #expect(r.status == 0)
        #expect(r.stdout == "INC-C\nINC-B\nINC-A\n")
        #expect(r.stderr.contains("analysed afresh"))
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let cursor = try cli.run(["incidents", "--after", "nonsense"])
        #expect(cursor.status == 64 && cursor.stderr.contains("--after: 'nonsense' is not a cursor"))
        let status = try cli.run(["incidents", "--status", "closed"])
        #expect(status.status == 64 && status.stderr.contains("use declared, mitigated, resolved or open"))
        let kind = try cli.run(["incidents", "--trigger-kind", "crash"])
        #expect(kind.status == 64 && kind.stderr.contains("not a change kind"))
    }

    @Test func backupAndPrune() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let backup = try cli.run(["backup", "copy.db"])
        #expect(backup.status == 0 && backup.stdout.hasPrefix("hindsight.db: backed up to copy.db"))
        #expect(try cli.run(["incidents", "--ids", "--db", "copy.db"]).stdout == "INC-C\nINC-B\nINC-A\n")
        let again = try cli.run(["backup", "copy.db"])
        #expect(again.status == 1 && again.stderr.contains("'copy.db' already exists"))
        let old = try cli.write("old.jsonl", #"{"id":"old","time":"2023-01-01T00:00:00Z","kind":"crash","service":"api"}"# + "\n")
        #expect(try cli.run(["ingest", old]).status == 0)
        let prune = try cli.run(["prune", "--before", "2024-01-01T00:00:00Z"])
        #expect(prune.status == 0)
        #expect(prune.stdout == "hindsight.db: removed 1 event older than 2024-01-01T00:00:00Z; kept 0 events that incidents use\n")
        let bad = try cli.run(["prune", "--before", "yesterday"])
        #expect(bad.status == 64 && bad.stderr.contains("--before"))
    }
}
