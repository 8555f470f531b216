import Foundation
import Testing

/// `note`, `trigger`, `action`, `review` and refreshing a post-mortem, end to end through the binary.
@Suite struct RetrospectiveCommandTests {
    static let incident = "INC-2024-1003-7"
    static func loaded() throws -> CLI { try WhatIfCommandTests.loaded("flag-release-payments-2024-10-03") }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func verdictsChangeWhatAnalyzeReports() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        var a = try Self.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        #expect((a["trigger"] as? [String: Any])?["id"] as? String == "release-flag-new-currency-rounding")

        let confirm = try cli.run([
            "trigger", "confirm", Self.incident, "config-payments-api-ratelimit-57", "--by", "ana", "--why", "rate limit",
            "--now", "2024-10-10T10:00:00Z",
        ])
        #expect(confirm.status == 0, "\(confirm.stderr)")
        a = try Self.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        let trigger = try #require(a["trigger"] as? [String: Any])
        #expect(trigger["id"] as? String == "config-payments-api-ratelimit-57")
        #expect(trigger["confirmed_by"] as? String == "ana")
        #expect((a["correlator_trigger"] as? [String: Any])?["id"] as? String == "release-flag-new-currency-rounding")
        #expect(a["mitigated_by"] as? String == "incident marked mitigated", "the config was never rolled back")

        let reject = try cli.run([
            "trigger", "reject", Self.incident, "config-payments-api-ratelimit-57", "--by", "bob", "--why", "no",
            "--now", "2024-10-11T10:00:00Z",
        ])
        #expect(reject.status == 0, "\(reject.stderr)")
        a = try Self.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        #expect((a["trigger"] as? [String: Any])?["id"] as? String == "release-flag-new-currency-rounding")
        #expect((a["trigger"] as? [String: Any])?["confirmed_by"] == nil)
        let ids = (a["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!ids.contains("config-payments-api-ratelimit-57"))
        #expect(a["mitigated_by"] as? String == "rollback rollback-flag-new-currency-rounding")
    }

    /// Without --by, the login name records a note or a verdict: `$USER`, else `$LOGNAME`, else the
    /// account's name; never nobody.
    @Test func withoutByTheLoginNameRecords() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let note = try cli.run(["note", Self.incident, "rolled back by hand", "--now", "2024-10-03T12:00:00Z"], environment: ["USER": "ana"])
        #expect(note.status == 0, "\(note.stderr)")
        #expect(note.stdout.hasPrefix("noted on \(Self.incident) at 2024-10-03T12:00:00Z by ana ("))
        let notes = try cli.run(["events", "--kind", "note", "--json"])
        #expect(notes.stdout.contains(#""summary":"rolled back by hand","incident":"\#(Self.incident)","actor":"ana""#), "\(notes.stdout)")

        let confirm = try cli.run(
            ["trigger", "confirm", Self.incident, "release-flag-new-currency-rounding", "--now", "2024-10-10T10:00:00Z"],
            environment: ["USER": "", "LOGNAME": "bo"])
        #expect(confirm.status == 0, "\(confirm.stderr)")
        let a = try Self.json(try cli.run(["analyze", Self.incident, "--json"]).stdout)
        #expect((a["trigger"] as? [String: Any])?["confirmed_by"] as? String == "bo")

        let account = try #require(getpwuid(geteuid())).pointee.pw_name.map { String(cString: $0) }
        let item = try cli.run(["action", "add", Self.incident, "Alert on rounding errors", "--owner", "bob"], environment: ["USER": "", "LOGNAME": ""])
        #expect(item.status == 0, "\(item.stderr)")
        let list = try cli.run(["events", "--kind", "note", "--json"]).stdout
        #expect(list.contains(#""actor":"\#(try #require(account))""#), "the account's name when neither variable is set")

        let empty = try cli.run(["note", Self.incident, "x", "--by", " "])
        #expect(empty.status == 64)
        #expect(empty.stderr.hasPrefix("Error: --by is empty; name who records it\n"))
    }

    @Test func mistakesAreClearErrors() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let incident = try cli.run(["trigger", "confirm", "INC-2024-1003", "x", "--by", "ana"])
        #expect(incident.status == 1)
        #expect(incident.stderr == "hindsight: no incident 'INC-2024-1003' in hindsight.db; did you mean 'INC-2024-1003-7'?\n")
        let change = try cli.run(["trigger", "reject", Self.incident, "nope", "--by", "ana", "--why", "x"])
        #expect(change.status == 1)
        #expect(
            change.stderr == "hindsight: no change 'nope' in hindsight.db to judge as the trigger of \(Self.incident); "
                + "list the changes before the incident with 'hindsight changes --before \(Self.incident)'\n")
        let why = try cli.run(["trigger", "reject", Self.incident, "nope", "--by", "ana"])
        #expect(why.status == 64, "rejecting needs --why")
        let due = try cli.run(["action", "add", Self.incident, "x", "--owner", "bob", "--due", "soon"])
        #expect(due.status == 64)
        #expect(due.stderr.contains("--due: 'soon' is not an RFC 3339 time"))
        let done = try cli.run(["action", "done", "\(Self.incident)-A7"])
        #expect(done.status == 1)
        #expect(done.stderr.contains("no action item '\(Self.incident)-A7'"))
    }

    @Test func actionItemsAreListedWithOverdueMarked() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let clock = ["--now", "2024-10-05T10:00:00Z"]
        #expect(
            try cli.run(["action", "add", Self.incident, "Canary flags", "--owner", "bob", "--due", "2024-10-20"] + clock).stdout
                == "\(Self.incident)-A1 opened: Canary flags (owner bob, due 2024-10-20)\n")
        _ = try cli.run(["action", "add", Self.incident, "Alert on refunds", "--owner", "ana", "--link", "https://t/2"] + clock)
        let before = try cli.run(["action", "list", "--now", "2024-10-20T23:00:00Z"])
        #expect(before.stdout.contains("\(Self.incident)-A1  open "))
        let after = try cli.run(["action", "list", "--now", "2024-10-21T00:00:00Z"])
        #expect(after.stdout.contains("\(Self.incident)-A1  OVERDUE  -         -     bob    2024-10-20  Canary flags"), "\(after.stdout)")
        #expect(after.stdout.contains("Alert on refunds <https://t/2>"))
        #expect(try cli.run(["action", "done", "\(Self.incident)-A1", "--by", "bob"] + clock).status == 0)
        let open = try cli.run(["action", "list", "--open", "--json", "--now", "2024-10-25T00:00:00Z"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(open.stdout.utf8)) as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == ["\(Self.incident)-A2"])
        #expect(try cli.run(["action", "list", "--owner", "bob"]).stdout.contains("\(Self.incident)-A1  done"))
    }

    @Test func refreshingAPostmortemKeepsEditsAndReportsAnEditedSection() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        #expect(try cli.run(["postmortem", Self.incident, "-o", "pm.md"]).status == 0)
        var text = try String(contentsOfFile: cli.path("pm.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: "_To be completed by the incident owner._ Explain why", with: "Rounding assumed two decimals. Explain why")
        text = text.replacingOccurrences(of: "- **Detection lag:** 1h 31m", with: "- **Detection lag:** 1h 31m (we argue 1h 20m)")
        try text.write(toFile: cli.path("pm.md"), atomically: true, encoding: .utf8)
        _ = try cli.run(["note", Self.incident, "Finance confirmed the refunds", "--by", "carol", "--at", "2024-10-03T17:00:00Z"])
        let r = try cli.run(["postmortem", Self.incident, "-o", "pm.md"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("pm.md:"), "\(r.stderr)")
        #expect(r.stderr.contains("the generated 'detection' section was edited by hand, so it was kept as it is"))
        let refreshed = try String(contentsOfFile: cli.path("pm.md"), encoding: .utf8)
        #expect(refreshed.contains("Rounding assumed two decimals. Explain why"))
        #expect(refreshed.contains("(we argue 1h 20m)"))
        #expect(refreshed.contains("| 2024-10-03 17:00 UTC | Note by carol | Finance confirmed the refunds |"))
        // Standard output is sealed but never merged with anything.
        let printed = try cli.run(["postmortem", Self.incident])
        #expect(printed.stdout.contains("<!-- hindsight:begin detection hash="))
        #expect(!printed.stdout.contains("we argue"))
    }

    @Test func reviewPrintsDORAKeysWithDefinitions() throws {
        let cli = try Self.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["review", "--since", "2024-10-01T00:00:00Z", "--until", "2024-11-01T00:00:00Z", "--now", "2024-11-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("## DORA's four keys"))
        for key in ["Deployment frequency", "Lead time for changes", "Change failure rate", "Failed deployment recovery time"] {
            #expect(r.stdout.contains("- **\(key):** "), "\(key)")
        }
        #expect(r.stdout.contains("- **Percentiles:** nearest rank"))
        // Three production changes in October (deploy 8.3.0 is September's); the release triggered the incident.
        #expect(r.stdout.contains("| **all** | 3 changes, 0.68 a week | – | 33.3% (1 of 3) |"), "\(r.stdout)")
        let json = try Self.json(try cli.run(["review", "--since", "2024-10-01T00:00:00Z", "--until", "2024-11-01T00:00:00Z", "--format", "json"]).stdout)
        #expect((json["overall"] as? [String: Any])?["incidents"] as? Int == 1)
        #expect((json["definitions"] as? [String: Any])?.count == 4)
        let html = try cli.run(["review", "--since", "2024-10-01T00:00:00Z", "--until", "2024-11-01T00:00:00Z", "--format", "html"])
        #expect(html.stdout.components(separatedBy: "<svg ").count == 3)
        let bad = try cli.run(["review", "--since", "last spring"])
        #expect(bad.status == 64)
    }
}
