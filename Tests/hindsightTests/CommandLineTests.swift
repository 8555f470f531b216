import Foundation
import Hindsight
import Testing

/// The CLI end to end: the built binary on temporary files, checking output and exit codes
/// (0 ok, 1 runtime error, 64 usage error).
@Suite struct CommandLineTests {
    static let events =
        [
            #"{"id":"old-deploy","time":"2024-07-17T04:00:00Z","kind":"deploy","service":"falcon-sensor","version":"290"}"#,
            #"{"id":"cs-291","time":"2024-07-19T04:09:00Z","kind":"config","service":"falcon-sensor","version":"channel-file-291","#
                + #""summary":"Channel File 291","scope":{"percent":100}}"#,
            #"{"id":"net-change","time":"2024-07-19T03:00:00Z","kind":"config","service":"*","summary":"BGP policy"}"#,
            #"{"id":"web-deploy","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"web","version":"7"}"#,
            #"{"time":"2024-07-19T04:10:12Z","kind":"crash","service":"falcon-sensor","host":"win-0001","incident":"INC-1"}"#,
            #"{"time":"2024-07-19T04:30:00Z","kind":"incident","service":"falcon-sensor","incident":"INC-1","status":"declared","title":"BSODs"}"#,
            #"{"time":"2024-07-19T05:27:00Z","kind":"rollback","service":"falcon-sensor","reverts":"cs-291"}"#,
        ].joined(separator: "\n") + "\n"

    /// A CLI with the sample events ingested into `hindsight.db` in its folder.
    static func loaded() throws -> CLI {
        let cli = try CLI()
        let file = try cli.write("events.jsonl", events)
        let r = try cli.run(["ingest", file])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    @Test func ingestTwiceStoresOnce() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("events.jsonl", Self.events)
        let first = try cli.run(["ingest", file])
        #expect(first.status == 0)
        #expect(first.stdout == "\(file): 7 read, 7 new, 0 already stored\n")
        #expect(first.stderr == "")
        let second = try cli.run(["ingest", file])
        #expect(second.status == 0)
        #expect(second.stdout == "\(file): 7 read, 0 new, 7 already stored\n")
        #expect(FileManager.default.fileExists(atPath: cli.path("hindsight.db")))
    }

    @Test func invalidContentIsARuntimeError() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("bad.jsonl", #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","servce":"api"}"# + "\n")
        let r = try cli.run(["ingest", file])
        #expect(r.status == 1)
        #expect(r.stdout == "\(file): 1 read, 0 new, 0 already stored, 1 invalid\n")
        #expect(r.stderr.contains("hindsight: \(file):1: field 'servce': unknown field; did you mean 'service'?"))
        #expect(r.stderr.contains("nothing stored because of 1 problem; fix them, or rerun with --skip-invalid"))
        let skip = try cli.run(["ingest", "--skip-invalid", file])
        #expect(skip.status == 0)
    }

    @Test func anUnreadableFileIsARuntimeError() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli.run(["ingest", cli.path("missing.jsonl")])
        #expect(r.status == 1)
        #expect(r.stderr == "hindsight: cannot read '\(cli.path("missing.jsonl"))': No such file or directory; check the path and its permissions\n")
    }

    @Test func usageErrorsExitWith64() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let noBefore = try cli.run(["changes"])
        #expect(noBefore.status == 64)
        #expect(noBefore.stderr.contains("--before"))
        #expect(try cli.run(["changes", "--before", "2024-07-19T05:00:00Z", "--window", "soon"]).status == 64)
        #expect(try cli.run(["changes", "--before", "2024-07-19T05:00:00Z", "--window", "0s"]).status == 64)
        let alertKind = try cli.run(["changes", "--before", "2024-07-19T05:00:00Z", "--kind", "alert"])
        #expect(alertKind.status == 64)
        #expect(alertKind.stderr.contains("--kind alert is not a change; use deploy, release, config or rollback"))
        #expect(try cli.run(["changes", "--before", "2024-07-19T05:00:00Z", "--kind", "bogus"]).status == 64)
        #expect(try cli.run(["events", "--since", "yesterday"]).status == 64)
        #expect(try cli.run(["ingest"]).status == 64)
        #expect(try cli.run(["frobnicate"]).status == 64)
    }

    @Test func anUnknownIDIsARuntimeError() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["changes", "--before", "nope"])
        #expect(r.status == 1)
        #expect(r.stderr == "hindsight: no event or incident 'nope' in hindsight.db; list them with 'hindsight events' or 'hindsight incidents'\n")
    }

    @Test func eventsJSONReingestsAsAlreadyStored() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let listed = try cli.run(["events", "--json", "--limit", "0"])
        #expect(listed.status == 0)
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(
            lines.first
                == #"{"id":"old-deploy","time":"2024-07-17T04:00:00Z","kind":"deploy","service":"falcon-sensor","environment":"production","version":"290"}"#)
        let exported = try cli.write("exported.jsonl", listed.stdout)
        let again = try cli.run(["ingest", exported])
        #expect(again.stdout == "\(exported): 7 read, 0 new, 7 already stored\n")
        let crashes = try cli.run(["events", "--json", "--kind", "crash"])
        #expect(crashes.stdout.split(separator: "\n").count == 1)
    }

    @Test func changesBeforeATime() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["changes", "--before", "2024-07-19T04:10:00Z", "--json"])
        #expect(r.status == 0)
        let json = try Self.object(r.stdout)
        #expect(json["point"] as? String == "time")
        #expect(json["before"] as? String == "2024-07-19T04:10:00Z")
        #expect(json["window_seconds"] as? Int == 86_400)
        #expect(json["services"] as? [String] == [])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["id"] as? String } == ["cs-291", "web-deploy", "net-change"])
        #expect(changes.map { $0["seconds_before"] as? Int } == [60, 600, 4200])
        let text = try cli.run(["changes", "--before", "2024-07-19T04:10:00Z"])
        #expect(text.stdout.hasPrefix("Changes in the 1d before 2024-07-19T04:10:00Z (every service):\n\nWHEN"))
        #expect(text.stdout.contains("cs-291"))
    }

    @Test func changesBeforeAnEventUseItsServiceAndSkipIt() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["changes", "--before", "cs-291", "--window", "3d", "--json"])
        #expect(r.status == 0)
        let json = try Self.object(r.stdout)
        #expect(json["point"] as? String == "event")
        #expect(json["id"] as? String == "cs-291")
        #expect(json["services"] as? [String] == ["falcon-sensor"])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["id"] as? String } == ["net-change", "old-deploy"])
        #expect(changes.map { $0["seconds_before"] as? Int } == [4140, 173_340])

        let all = try Self.object(try cli.run(["changes", "--before", "cs-291", "--window", "3d", "--all-services", "--json"]).stdout)
        #expect((all["changes"] as? [[String: Any]])?.map { $0["id"] as? String } == ["web-deploy", "net-change", "old-deploy"])
        #expect(all["services"] as? [String] == [])
        #expect(try cli.run(["changes", "--before", "cs-291", "--all-services", "--service", "web"]).status == 64)
    }

    @Test func changesBeforeAnIncidentStartAtItsImpact() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["changes", "--before", "INC-1", "--json"])
        #expect(r.status == 0)
        let json = try Self.object(r.stdout)
        #expect(json["point"] as? String == "incident")
        #expect(json["id"] as? String == "INC-1")
        #expect(json["before"] as? String == "2024-07-19T04:10:12Z")
        #expect(json["services"] as? [String] == ["falcon-sensor"])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["id"] as? String } == ["cs-291", "net-change"])
        #expect(changes.map { $0["seconds_before"] as? Int } == [72, 4212])
        let text = try cli.run(["changes", "--before", "INC-1"])
        #expect(text.stdout.hasPrefix("Changes in the 1d before incident INC-1 (impact start 2024-07-19T04:10:12Z) (falcon-sensor and global '*'):"))
    }

    @Test func honoursDBOptionAndEnvironment() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("events.jsonl", Self.events)
        let viaEnv = cli.path("from-env.db")
        #expect(try cli.run(["ingest", file], environment: ["HINDSIGHT_DB": viaEnv]).status == 0)
        #expect(FileManager.default.fileExists(atPath: viaEnv))
        #expect(!FileManager.default.fileExists(atPath: cli.path("hindsight.db")))
        #expect(try cli.run(["events", "--json"], environment: ["HINDSIGHT_DB": viaEnv]).stdout.split(separator: "\n").count == 7)

        let viaOption = cli.path("from-option.db")
        // --db wins over the environment; a command that reads never creates the store it names.
        let missing = try cli.run(["events", "--db", viaOption], environment: ["HINDSIGHT_DB": viaEnv])
        #expect(missing.status == 1)
        #expect(missing.stdout == "")
        #expect(
            missing.stderr == "hindsight: no Hindsight store at \(viaOption); check --db (or $HINDSIGHT_DB), "
                + "or create the store by ingesting events into it: hindsight ingest --db \(viaOption) FILE\n")
        #expect(!FileManager.default.fileExists(atPath: viaOption))
        #expect(try cli.run(["events", "--db", viaEnv, "--json"]).stdout.split(separator: "\n").count == 7)
    }

    @Test func anUnopenableStoreIsARuntimeError() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let notADatabase = try cli.write(
            "text.db", "this is not a database, just some text that fills the header..........................................................")
        let r = try cli.run(["events", "--db", notADatabase])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hindsight: "))
    }

    /// An incident marked mitigated 5 minutes before its first crash: no duration is printed negative;
    /// every view says the time is unknown and names the two events.
    @Test func aMitigationBeforeImpactIsNamedNeverANegativeDuration() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write(
            "skewed.jsonl",
            """
            {"id":"crash-9","time":"2024-07-19T04:10:00Z","kind":"crash","service":"api","host":"h1","incident":"INC-9"}
            {"id":"inc-9-declared","time":"2024-07-19T04:20:00Z","kind":"incident","service":"api","incident":"INC-9","status":"declared"}
            {"id":"inc-9-mitigated","time":"2024-07-19T04:05:00Z","kind":"incident","service":"api","incident":"INC-9","status":"mitigated"}

            """)
        #expect(try cli.run(["ingest", file]).status == 0)
        let sentence =
            "the 'mitigated' incident event inc-9-mitigated at 2024-07-19T04:05:00Z came 5m before the first signal, crash crash-9 on api at "
            + "2024-07-19T04:10:00Z, so the time to mitigate is unknown; one of the two times is wrong (a clock or a time zone?)"
        let text = try cli.run(["analyze", "INC-9"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\ntime to mitigate           unknown: two events disagree (below)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\nConflict: \(sentence)\n"))
        let json = try Self.object(try cli.run(["analyze", "INC-9", "--json"]).stdout)
        #expect(json["time_to_mitigate_seconds"] is NSNull)
        #expect(json["mitigated_at"] as? String == "2024-07-19T04:05:00Z")
        let conflicts = try #require(json["conflicts"] as? [[String: Any]])
        #expect(conflicts.map { $0["metric"] as? String } == ["time_to_mitigate"])
        #expect(conflicts.map { $0["first_signal"] as? String } == ["crash-9"])
        #expect(conflicts.map { $0["text"] as? String } == [sentence])
        let draft = try cli.run(["postmortem", "INC-9"]).stdout
        #expect(draft.contains("unknown: the 'mitigated' incident event inc-9-mitigated at 2024-07-19T04:05:00Z came 5m before the first signal"))
        for output in [text.stdout, draft, try cli.run(["incidents"]).stdout, try cli.run(["postmortem", "INC-9", "--format", "html"]).stdout] {
            #expect(output.firstMatch(of: #/-\d+[smhd]\b/#) == nil, "a negative duration: \(output)")
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }
}
