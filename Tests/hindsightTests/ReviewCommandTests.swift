import Foundation
import Testing

/// `hindsight review` when its period holds no incident: it says which period the store's incidents
/// span, and the flags that review them.
@Suite struct ReviewCommandTests {
    @Test func anEmptyPeriodSaysWhichPeriodTheIncidentsSpan() throws {
        let cli = try CommandLineTests.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["review", "--now", "2025-01-01T00:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("No incident and no production change is recorded in this period."))
        #expect(
            r.stderr
                == "hindsight: no incident began between 2024-10-03T00:00:00Z and 2025-01-01T00:00:00Z; the store's one incident is recorded "
                + "from 2024-07-19T04:30:00Z to 2024-07-19T04:30:00Z: review it with --since 2024-07-19T00:00:00Z --until 2024-07-20T00:00:00Z\n")

        // The flags it gives review the incident.
        let suggested = try cli.run([
            "review", "--since", "2024-07-19T00:00:00Z", "--until", "2024-07-20T00:00:00Z", "--format", "json", "--now", "2025-01-01T00:00:00Z",
        ])
        #expect(suggested.stderr == "")
        let json = try CommandLineTests.object(suggested.stdout)
        #expect((json["overall"] as? [String: Any])?["incidents"] as? Int == 1)

        // On a service with no incident, the same sentence names the service.
        let web = try cli.run(["review", "--since", "2024-07-19T00:00:00Z", "--until", "2024-07-20T00:00:00Z", "--service", "web", "--format", "json"])
        #expect(web.stderr.hasPrefix("hindsight: no incident on web began between 2024-07-19T00:00:00Z and 2024-07-20T00:00:00Z; "))
    }

    @Test func aStoreWithoutIncidentsSaysHowToMakeThem() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("deploys.jsonl", #"{"time":"2024-07-19T04:00:00Z","kind":"deploy","service":"web"}"# + "\n")
        #expect(try cli.run(["ingest", file]).status == 0)
        let r = try cli.run(["review", "--now", "2024-08-01T00:00:00Z", "--format", "json"])
        #expect(r.status == 0)
        #expect(
            r.stderr == "hindsight: no incident began between 2024-05-03T00:00:00Z and 2024-08-01T00:00:00Z; "
                + "the store has no incidents (ingest 'incident' events to create them)\n")
    }
}
