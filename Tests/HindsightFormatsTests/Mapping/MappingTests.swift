import Foundation
import Hindsight
import Testing

@testable import HindsightFormats

/// `[[mapping]]` tables: the worked example of docs/formats.md on UptimeRobot's real payloads, and every
/// kind of mistake named where it is (the configuration's file, line and key; the payload's file, record and path).
@Suite struct MappingTests {
    typealias S = AdapterTestSupport

    /// The worked example of docs/formats.md, "Mapping other producers", as written there.
    static let uptimeRobot = """
        [[mapping]]
        name = "uptimerobot"
        match = { "alert_type_friendly_name" = ["Down", "Up"] }
        kind = "alert"
        service = "$.monitor_friendly_name"
        status = { path = "$.alert_type_friendly_name", map = { Down = "firing", Up = "resolved" } }
        summary = "{$.monitor_friendly_name} is {$.alert_type_friendly_name}: {$.alert_details}"
        host = "$.monitor_url"
        url = "https://dashboard.uptimerobot.com/monitors"

        [mapping.labels]
        monitor = "$.monitor_url"
        check = "http"

        """

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/uptimerobot")

    static func options(_ toml: String = uptimeRobot, receivedAt: String? = "2024-05-01T12:00:00Z") throws -> AdapterOptions {
        var options = try HindsightConfig.parse(toml, path: "hindsight.toml").adapters
        options.receivedAt = receivedAt.map(S.time)
        return options
    }

    @Test func theWorkedExampleReadsUptimeRobotsRealPayloads() throws {
        let options = try Self.options()
        #expect(options.mappings.map(\.name) == ["uptimerobot"])
        #expect(options.mappings.first?.line == 1)
        let down = try S.read(file: Self.fixtures.appendingPathComponent("zulip-uptimerobot_monitor_down.json").path, options: options)
        #expect(down.formats == [.mapped])
        #expect(down.invalid.isEmpty, "\(down.invalid)")
        let e = try #require(down.only)
        #expect(e.kind == .alert)
        #expect(e.status == "firing")
        #expect(e.service == "Web Server")
        #expect(e.host == "server1.example.com")
        #expect(e.summary == "Web Server is Down: Host Is Unreachable")
        #expect(e.url == "https://dashboard.uptimerobot.com/monitors")
        #expect(e.labels?["monitor"] == "server1.example.com")
        #expect(e.labels?["check"] == "http")
        #expect(e.source == "uptimerobot")  // the mapping's name, when it maps no source
        #expect(e.time == S.time("2024-05-01T12:00:00Z"))  // no time mapped: the receipt time, recorded as such
        #expect(e.attributes == #"{"time_source":"received"}"#)

        let up = try #require(try S.read(file: Self.fixtures.appendingPathComponent("zulip-uptimerobot_monitor_up.json").path, options: options).only)
        #expect(up.status == "resolved")
        #expect(up.service == "Mail Server")
        #expect(up.id != e.id)
    }

    @Test func withoutAMappedTimeAFileNeedsTheReceiptTime() throws {
        let options = try Self.options(receivedAt: nil)
        let r = try S.read(file: Self.fixtures.appendingPathComponent("zulip-uptimerobot_monitor_down.json").path, options: options)
        let issue = try #require(r.invalid.first)
        #expect(issue.format == "uptimerobot")
        #expect(issue.message.contains("mapping 'uptimerobot' (hindsight.toml:1) gives no time"))
        #expect(issue.message.contains("give the time the event was received"))
    }

    @Test func pathsTemplatesLookupsAndTypes() throws {
        let toml = """
            [[mapping]]
            name = "honeycomb"
            match = { "$.trigger_url" = true, "$.status" = ["TRIGGERED", "OK"] }
            kind = "alert"
            time = "$.fired_at"
            end = "$.ended_at"
            service = "$.result_groups[0].Group[\\"service.name\\"]"
            status = { path = "$.status", map = { TRIGGERED = "firing", OK = "resolved" } }
            count = "$.result_groups[0].Result"
            id = "honeycomb:{$.id}:{$.status}"
            severity = { path = "$.level", map = { hi = "critical" }, otherwise = "warning" }
            attributes = "$.result_groups"

            [mapping.scope]
            percent = "$.share"
            regions = "$.regions"
            """
        let options = try Self.options(toml, receivedAt: nil)
        let payload = """
            {"id":"tr-9","name":"Latency","trigger_url":"https://ui.honeycomb.io/t/9","status":"TRIGGERED","fired_at":1719400000000,
             "ended_at":"2024-06-26T11:10:00Z","level":"mid","share":"12.5","regions":"eu-west-1, us-east-1",
             "result_groups":[{"Group":{"service.name":"checkout"},"Result":14}]}
            """
        let r = try S.read(text: payload, options: options)
        #expect(r.invalid.isEmpty, "\(r.invalid)")
        let e = try #require(r.only)
        #expect(e.time == S.time("2024-06-26T11:06:40Z"))  // milliseconds since 1970
        #expect(e.end == S.time("2024-06-26T11:10:00Z"))
        #expect(e.service == "checkout")  // a member whose name holds a dot
        #expect(e.count == 14)
        #expect(e.id == "honeycomb:tr-9:TRIGGERED")
        #expect(e.severity == "warning")  // not in the map: otherwise
        #expect(e.scope?.percent == 12.5)
        #expect(e.scope?.regions == ["eu-west-1", "us-east-1"])
        #expect(e.attributes == #"[{"Group":{"service.name":"checkout"},"Result":14}]"#)
        // A payload the match does not take is not this mapping's: here, no format reads it.
        let other = try S.read(text: #"{"trigger_url":"x","status":"PENDING"}"#, options: options)
        #expect(other.formats.isEmpty)
        #expect(other.invalid.first?.unrecognised != nil)
    }

    @Test func problemsAtIngestNameThePayloadsPathAndTheMapping() throws {
        let options = try Self.options()
        // A value the lookup does not translate.
        let paused = try S.read(
            text: #"{"monitor_friendly_name":"Web","alert_type_friendly_name":"Down","alert_details":"x","monitor_url":"a"}"# + "\n"
                + #"{"monitor_friendly_name":"Web","alert_type_friendly_name":"Up","alert_details":"x","monitor_url":"a","extra":1}"#,
            name: "hooks.jsonl", options: try Self.options(Self.uptimeRobot.replacingOccurrences(of: "Up = \"resolved\"", with: "Paused = \"resolved\"")))
        let issue = try #require(paused.invalid.first)
        #expect(issue.location.line == 2)
        #expect(issue.field == "alert_type_friendly_name")
        #expect(issue.format == "uptimerobot")
        #expect(
            issue.description
                == "hooks.jsonl:2: uptimerobot: field 'alert_type_friendly_name': is 'Up', which mapping 'uptimerobot' (hindsight.toml:1) does not "
                + "translate for 'status'; add it to the map (known: Down, Paused) or give otherwise = …")
        // A path the payload lacks, for a field every event needs.
        let nameless = try S.read(text: #"{"alert_type_friendly_name":"Down","alert_details":"x"}"#, options: options)
        let missing = try #require(nameless.invalid.first)
        #expect(missing.field == "monitor_friendly_name")
        #expect(missing.message.hasPrefix("is missing"))
        // A template's path missing.
        let detailless = try S.read(text: #"{"monitor_friendly_name":"Web","alert_type_friendly_name":"Down"}"#, options: options)
        #expect(detailless.invalid.first?.field == "alert_details")
        #expect(detailless.invalid.first?.message == "is missing; mapping 'uptimerobot' (hindsight.toml:1) writes it into 'summary'")
        // A value the native rules refuse names the payload's path.
        let badTime = try S.read(
            text: #"{"monitor_friendly_name":"Web","alert_type_friendly_name":"Down","alert_details":"x","when":"yesterday"}"#,
            options: try Self.options(Self.uptimeRobot.replacingOccurrences(of: "kind = \"alert\"", with: "kind = \"alert\"\ntime = \"$.when\"")))
        #expect(badTime.invalid.first?.field == "when")
        // With --format mapped, a payload no mapping takes says which mappings were tried.
        let unmapped = try S.read(text: #"{"hello":"world"}"#, format: .mapped, options: options)
        #expect(unmapped.invalid.first?.message == "no [[mapping]] takes this payload (tried 'uptimerobot' (hindsight.toml:1)); check their match conditions")
    }

    @Test func configurationMistakesNameFileLineAndKey() throws {
        func problem(_ toml: String) -> ConfigError? {
            do {
                _ = try HindsightConfig.parse(toml, path: "hindsight.toml")
                return nil
            } catch {
                return error
            }
        }
        let base = Self.uptimeRobot
        #expect(
            problem(base.replacingOccurrences(of: "host = ", with: "hots = "))
                == .invalid(path: "hindsight.toml", line: 8, key: "mapping.hots", message: "unknown key; did you mean 'mapping.host'?"))
        #expect(
            problem(base.replacingOccurrences(of: "kind = \"alert\"", with: "kind = \"alrt\""))
                == .invalid(
                    path: "hindsight.toml", line: 4, key: "mapping.kind",
                    message:
                        "'alrt' is not a kind; use one of deploy, release, config, rollback, alert, crash, report, incident, note (or a path of the payload)"))
        #expect(
            problem(base.replacingOccurrences(of: "service = \"$.monitor_friendly_name\"", with: "service = \"$.monitor..name\""))
                == .invalid(
                    path: "hindsight.toml", line: 5, key: "mapping.service",
                    message: "'$.monitor..name' is not a JSON path: a '.' is followed by no member name"))
        #expect(
            problem(base.replacingOccurrences(of: "match = { \"alert_type_friendly_name\" = [\"Down\", \"Up\"] }\n", with: ""))?.description
                .hasPrefix("hindsight.toml:1: key 'mapping.match': is missing; say which payloads this mapping reads") == true)
        #expect(
            problem(base.replacingOccurrences(of: "service = \"$.monitor_friendly_name\"\n", with: ""))
                == .invalid(
                    path: "hindsight.toml", line: 1, key: "mapping.service",
                    message: "is missing; every event needs a service: a fixed value, or a path of the payload such as \"$.name\""))
        #expect(
            problem(base.replacingOccurrences(of: "name = \"uptimerobot\"", with: "name = \"datadog\""))
                == .invalid(
                    path: "hindsight.toml", line: 2, key: "mapping.name", message: "'datadog' is a format Hindsight reads itself; name the mapping otherwise"))
        #expect(
            problem(base + "\n[[mapping]]\nname = \"uptimerobot\"\nmatch = { a = true }\nkind = \"alert\"\nservice = \"x\"\n")
                == .invalid(path: "hindsight.toml", line: 16, key: "mapping.name", message: "'uptimerobot' names another mapping already"))
        #expect(
            problem(base.replacingOccurrences(of: "check = \"http\"", with: "check = \"{$.x\""))?.description
                == "hindsight.toml:13: key 'mapping.labels.check': '{$.x' is not a JSON path: a '{' in the template is not closed with '}'")
    }
}
