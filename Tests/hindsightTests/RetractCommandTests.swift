import Foundation
import Testing

/// `hindsight retract` and the priority and type of `hindsight action add`, through the binary.
@Suite struct RetractCommandTests {
    static let incident = RetrospectiveCommandTests.incident

    @Test func aRetractedVerdictStopsCountingAndItsHistoryStays() throws {
        let cli = try RetrospectiveCommandTests.loaded()
        defer { cli.cleanUp() }
        let confirm = try cli.run([
            "trigger", "confirm", Self.incident, "config-payments-api-ratelimit-57", "--by", "ana", "--now", "2024-10-10T10:00:00Z",
        ])
        #expect(confirm.status == 0, "\(confirm.stderr)")
        var a = try RetrospectiveCommandTests.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        let event = try #require((a["verdicts"] as? [[String: Any]])?.first?["event"] as? String)
        let retract = try cli.run(["retract", Self.incident, event, "--by", "ana", "--why", "wrong row", "--now", "2024-10-10T10:05:00Z"])
        #expect(retract.status == 0, "\(retract.stderr)")
        #expect(retract.stdout.hasPrefix("\(event) retracted on \(Self.incident) at 2024-10-10T10:05:00Z (h-"))
        a = try RetrospectiveCommandTests.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        #expect((a["trigger"] as? [String: Any])?["id"] as? String == "release-flag-new-currency-rounding")
        #expect((a["verdicts"] as? [[String: Any]])?.isEmpty == true)
        let notes = try cli.run(["events", "--kind", "note", "--json"]).stdout
        #expect(notes.contains("\"retracts\":\"\(event)\"") && notes.contains("\"verdict\":\"confirmed\""), "both stay in the store")

        let unknown = try cli.run(["retract", Self.incident, "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no note or verdict 'nope' on incident \(Self.incident); list its notes with 'hindsight events --kind note'"))
    }

    @Test func anActionItemTakesAPriorityAndAType() throws {
        let cli = try RetrospectiveCommandTests.loaded()
        defer { cli.cleanUp() }
        let add = try cli.run([
            "action", "add", Self.incident, "Alert on refunds", "--owner", "bob", "--priority", "p1", "--type", "Detect",
            "--link", "https://tracker/PAY-9", "--now", "2024-10-10T10:00:00Z",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try cli.run(["action", "list", "--json", "--now", "2024-10-10T10:00:00Z"]).stdout
        #expect(list.contains(#""priority":"P1","type":"detect""#))
        let table = try cli.run(["action", "list", "--now", "2024-10-10T10:00:00Z"]).stdout
        #expect(table.contains("P1") && table.contains("detect"))
        let bad = try cli.run(["action", "add", Self.incident, "x", "--owner", "bob", "--priority", "urgent"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--priority: 'urgent' is not a priority; use P1 (most urgent), P2, P3 or P4"))
        let badType = try cli.run(["action", "add", Self.incident, "x", "--owner", "bob", "--type", "blame"])
        #expect(badType.status == 64)
    }
}
