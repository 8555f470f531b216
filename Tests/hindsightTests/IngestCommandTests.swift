import Foundation
import Testing

/// `hindsight ingest` flags of the formats: --received-at, --config / hindsight.toml, --service-label,
/// --max-record-size, and the --format hint the front end adds to the library's messages.
@Suite struct IngestCommandTests {
    static let bareResolve = #"{"routing_key":"R1","dedup_key":"db/disk","event_action":"resolve"}"# + "\n"
    static let unlabelled =
        #"{"version":"4","receiver":"r","alerts":[{"status":"firing","labels":{"alertname":"Disk","team":"storage"},"startsAt":"2024-03-01T10:00:00Z"}]}"#

    @Test func aPayloadWithoutItsTimeNeedsReceivedAt() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("resolve.json", Self.bareResolve)
        let refused = try cli.run(["ingest", file])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("field 'payload.timestamp': is missing"))
        #expect(refused.stderr.contains("; pass it with --received-at TIME"))
        let stored = try cli.run(["ingest", "--received-at", "2024-05-01T12:00:00Z", file])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout == "\(file): 1 read, 1 new, 0 already stored\n")
        let bad = try cli.run(["ingest", "--received-at", "yesterday", file])
        #expect(bad.status == 64)
    }

    @Test func theConfigNextToTheStoreNamesServices() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("am.json", Self.unlabelled)
        let warned = try cli.run(["ingest", "--db", cli.path("a.db"), file])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("warning: \(file):1: alertmanager: field 'alerts[0].labels': has the labels alertname, team"))
        #expect(warned.stderr.contains("; or pass --service-label NAME"))
        try cli.write("hindsight.toml", "[services]\nlabels = [\"team\"]\n[pagerduty.routing_keys]\nR1 = \"db\"\n")
        let named = try cli.run(["ingest", "--db", cli.path("b.db"), file])
        #expect(named.status == 0)
        #expect(named.stderr == "")
        let events = try cli.run(["events", "--db", cli.path("b.db"), "--json"])
        #expect(events.stdout.contains(#""service":"storage""#))
        // The flag wins over the file.
        let flagged = try cli.run(["ingest", "--db", cli.path("c.db"), "--service-label", "alertname", file])
        #expect(flagged.status == 0)
        #expect(try cli.run(["events", "--db", cli.path("c.db"), "--json"]).stdout.contains(#""service":"Disk""#))
    }

    @Test func aBadConfigNamesFileLineAndKey() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("am.json", Self.unlabelled)
        let config = try cli.write("settings.toml", "[services]\nlabel = [\"team\"]\n")
        let r = try cli.run(["ingest", "--config", config, file])
        #expect(r.status == 1)
        #expect(r.stderr == "hindsight: \(config):2: key 'services.label': unknown key; did you mean 'services.labels'?\n")
    }

    @Test func anUnrecognisedPayloadSaysWhatItIsOnce() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("push.json", "{\n  \"object_kind\": \"push\",\n  \"ref\": \"refs/heads/main\"\n}\n")
        let r = try cli.run(["ingest", file])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2)  // the one error, then "nothing stored"
        #expect(lines[0].hasPrefix("hindsight: \(file):1: this payload looks like a GitLab push event, which Hindsight does not read yet"))
        // Said once: no --format to try, whose reader would only repeat it.
        #expect(lines[0].hasSuffix("or send native events (EVENTS.md)"))
        #expect(!lines[0].contains("--format"))
        // A payload that nearly is a format gets that format to try.
        let cloudEvent = try cli.write("ce.json", #"{"specversion":"1.0","type":"com.example.deploy","id":"1"}"# + "\n")
        let near = try cli.run(["ingest", cloudEvent])
        #expect(near.status == 1)
        #expect(
            near.stderr.split(separator: "\n").first.map(String.init)
                == "hindsight: \(cloudEvent):1: this payload looks like a CloudEvent missing specversion, type or source, which no format recognises "
                + "as it is (it nearly is cloudevents); rerun with --format cloudevents and its reader names what is missing")
        let named = try cli.run(["ingest", "--format", "cloudevents", cloudEvent])
        #expect(
            named.stderr.split(separator: "\n").first.map(String.init)
                == "hindsight: \(cloudEvent):1: cloudevents: field 'source': is missing; a CloudEvent names its source")
    }

    @Test func aRecordOverTheLimitNamesTheFlag() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write(
            "big.jsonl", #"{"time":"2024-07-19T04:09:00Z","kind":"deploy","service":"api","summary":""# + String(repeating: "x", count: 3000) + "\"}\n")
        let r = try cli.run(["ingest", "--max-record-size", "2KiB", file])
        #expect(r.status == 1)
        #expect(
            r.stderr
                == "hindsight: \(file):1: the record starting here is larger than the limit of 2 KiB (one line, or one JSON value, is held in memory whole); split the input, or raise the limit; the limit is set with --max-record-size (or max_record_size under [ingest] in hindsight.toml)\n"
        )
        #expect(try cli.run(["ingest", file]).status == 0)
        #expect(try cli.run(["ingest", "--max-record-size", "lots", file]).status == 64)
    }
}
