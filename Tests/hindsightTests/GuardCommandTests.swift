import Foundation
import Testing

/// `hindsight guard` end to end: the verdict as text and JSON, and the exit codes a CI step gates on
/// (0 healthy, 1 failing, 2 inconclusive).
@Suite struct GuardCommandTests {
    /// A 5% canary of checkout at 04:00 on a service with two crashes a minute; after it, one in twenty of them on its
    /// version (its share). With `bad`, the canary's version also crashes twelve times between 04:02 and 04:10.
    static func events(bad: Bool) -> String {
        var lines = [
            #"{"id":"deploy-v2","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"checkout","version":"v2","scope":{"percent":5}}"#
        ]
        for m in -60..<30 {
            for k in 0..<2 {
                let t = Date(timeIntervalSince1970: 1_721_361_600 + Double(m * 60 + k * 30))
                let version = m >= 0 && (m * 2 + k) % 20 == 1 ? "v2" : "v1"
                lines.append(#"{"time":"\#(Self.rfc3339(t))","kind":"crash","service":"checkout","version":"\#(version)","host":"h-\#((m + k) & 15)"}"#)
            }
        }
        if bad {
            for i in 0..<12 {
                let t = Date(timeIntervalSince1970: 1_721_361_600 + 120 + Double(i * 40))
                lines.append(#"{"time":"\#(Self.rfc3339(t))","kind":"crash","service":"checkout","version":"v2","host":"canary-\#(i % 3)"}"#)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rfc3339(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func loaded(bad: Bool) throws -> CLI {
        let cli = try CLI()
        let path = try cli.write("events.jsonl", events(bad: bad))
        let r = try cli.run(["ingest", path])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    @Test func aBadCanaryExits1WithItsEvidence() throws {
        let cli = try Self.loaded(bad: true)
        defer { cli.cleanUp() }
        let r = try cli.run(["guard", "deploy-v2", "--at", "2024-07-19T04:10:00Z"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("deploy-v2: FAILING (confidence "))
        #expect(r.stdout.contains("as of 2024-07-19T04:10:00Z"))
        #expect(r.stdout.contains("Evidence:\n  + "))
        #expect(r.stdout.contains("Incident: guard-deploy-v2"))
        #expect(r.stderr.isEmpty)

        let json = try cli.run(["guard", "deploy-v2", "--at", "2024-07-19T04:10:00Z", "--json"])
        #expect(json.status == 1)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(o["change"] as? String == "deploy-v2")
        #expect(o["verdict"] as? String == "failing")
        #expect(o["evaluated_at"] as? String == "2024-07-19T04:10:00Z")
        #expect((o["exposure"] as? [String: Any])?["percent"] as? Int == 5)
    }

    @Test func tooEarlyExits2AndSaysWhatIsMissing() throws {
        let cli = try Self.loaded(bad: true)
        defer { cli.cleanUp() }
        let r = try cli.run(["guard", "deploy-v2", "--at", "2024-07-19T04:01:00Z"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("deploy-v2: INCONCLUSIVE as of 2024-07-19T04:01:00Z"))
        #expect(r.stdout.contains("\nMissing:\n  - it has been out only 1m; a healthy verdict needs at least 5m\n"))
    }

    @Test func aHealthyCanaryExits0() throws {
        let cli = try Self.loaded(bad: false)
        defer { cli.cleanUp() }
        let r = try cli.run(["guard", "deploy-v2", "--at", "2024-07-19T04:29:00Z", "--json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["verdict"] as? String == "healthy")
        #expect((o["missing"] as? [String]) == [])
    }

    @Test func anUnknownChangeIsAnErrorWithAHint() throws {
        let cli = try Self.loaded(bad: true)
        defer { cli.cleanUp() }
        let r = try cli.run(["guard", "deploy-v3"])
        #expect(r.status != 0 && r.status != 2)
        #expect(r.stderr.contains("no change 'deploy-v3'"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'deploy-v2'?"))
        #expect(r.stdout.isEmpty)
    }

    @Test func dismissingWithoutASuspicionSaysSo() throws {
        let cli = try Self.loaded(bad: true)
        defer { cli.cleanUp() }
        let r = try cli.run(["guard", "dismiss", "deploy-v2", "--why", "load test"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("the guard raised no suspected incident for change 'deploy-v2'"), "\(r.stderr)")
    }
}
