import Foundation
import Testing

/// The mistakes of a first session: a mistyped id gets the nearest stored one, a time without an offset
/// gets the same hint wherever a time is read, and a usage error shows the usage of the subcommand run.
@Suite struct NewcomerMistakeTests {
    @Test func aMistypedIncidentGetsTheNearestStoredOne() throws {
        let cli = try WhatIfCommandTests.loaded("knight-capital-2012-08-01")
        defer { cli.cleanUp() }
        // The sample's folder name is not its incident id: a stretch too many, not a typo.
        let hint = "hindsight: no incident 'knight-capital-2012-08-01' in hindsight.db; did you mean 'knight-2012-08-01'?\n"
        for args in [
            ["analyze", "knight-capital-2012-08-01"], ["postmortem", "knight-capital-2012-08-01"], ["whatif", "knight-capital-2012-08-01"],
            ["note", "knight-capital-2012-08-01", "text", "--by", "ana"], ["action", "add", "knight-capital-2012-08-01", "x", "--owner", "bob"],
        ] {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr == hint, "\(args)")
        }
        // One letter off, in `changes --before`, which takes incident and event ids.
        let typo = try cli.run(["changes", "--before", "knight-2012-08-02"])
        #expect(typo.stderr == "hindsight: no event or incident 'knight-2012-08-02' in hindsight.db; did you mean 'knight-2012-08-01'?\n")
        // Nothing near: the command that lists them instead.
        let far = try cli.run(["analyze", "INC-1"])
        #expect(far.stderr == "hindsight: no incident 'INC-1' in hindsight.db; list them with 'hindsight incidents'\n")
    }

    @Test func aMistypedEventOrChangeGetsTheNearestStoredOne() throws {
        let cli = try CommandLineTests.loaded()
        defer { cli.cleanUp() }
        let event = try cli.run(["changes", "--before", "cs-219"])
        #expect(event.status == 1)
        #expect(event.stderr == "hindsight: no event or incident 'cs-219' in hindsight.db; did you mean 'cs-291'?\n")
        let change = try cli.run(["trigger", "confirm", "INC-1", "web-deplyo", "--by", "ana"])
        #expect(change.status == 1)
        #expect(change.stderr == "hindsight: no change 'web-deplyo' in hindsight.db to judge as the trigger of INC-1; did you mean 'web-deploy'?\n")
    }

    /// The hint of an ingested time without an offset, for every time a command takes.
    @Test func aTimeWithoutAnOffsetGetsTheSameHintEverywhere() throws {
        let cli = try CommandLineTests.loaded()
        defer { cli.cleanUp() }
        let naive = "2024-07-19T04:10:00"
        let hint = "'\(naive)' has no UTC offset; add 'Z' or an offset such as '+02:00' (Hindsight never guesses a time zone)"
        let cases: [(args: [String], option: String)] = [
            (["events", "--since", naive], "--since"), (["events", "--until", naive], "--until"),
            (["changes", "--before", naive], "--before"), (["note", "INC-1", "x", "--at", naive], "--at"),
            (["note", "INC-1", "x", "--now", naive], "--now"), (["review", "--since", naive], "--since"),
            (["review", "--until", naive], "--until"), (["action", "add", "INC-1", "x", "--owner", "bob", "--due", naive], "--due"),
            (["ingest", "--received-at", naive, cli.path("events.jsonl")], "--received-at"),
        ]
        for c in cases {
            let r = try cli.run(c.args)
            #expect(r.status == 64, "\(c.args)")
            #expect(r.stderr.contains(hint), "\(c.args): \(r.stderr)")
            #expect(r.stderr.contains(c.option), "\(c.args)")
        }
        // From the environment too.
        let env = try cli.run(["note", "INC-1", "x", "--by", "ana"], environment: ["HINDSIGHT_NOW": naive])
        #expect(env.status == 64)
        #expect(env.stderr.hasPrefix("Error: HINDSIGHT_NOW: \(hint)\n"))
        // The same words as an ingested record's.
        let record = try cli.write("naive.jsonl", #"{"time":"2024-07-19T04:10:00","kind":"deploy","service":"api"}"# + "\n")
        #expect(try cli.run(["ingest", record]).stderr.contains("field 'time': \(hint)"))
    }

    /// A usage error found while running shows the usage of the subcommand that ran, as one found while
    /// parsing does, never the root command's list of subcommands.
    @Test func aUsageErrorShowsThatSubcommandsUsage() throws {
        let cli = try CommandLineTests.loaded()
        defer { cli.cleanUp() }
        let note = try cli.run(["note", "INC-1", "x", "--at", "noon"])
        #expect(note.status == 64)
        #expect(
            note.stderr == """
                Error: --at: 'noon' is not an RFC 3339 time; write it like 2024-07-19T04:09:00Z
                Usage: hindsight note [--db <path|url>] [--now <time>] <incident> <text> [--at <time>] [--by <name>]
                  See 'hindsight note --help' for more information.

                """)
        let due = try cli.run(["action", "add", "INC-1", "x", "--owner", "bob", "--due", "soon"])
        #expect(due.stderr.contains("\nUsage: hindsight action add "))
        #expect(due.stderr.contains("See 'hindsight action add --help'"))
        let template = try cli.run(["postmortem", "INC-1", "--template", "nosuch"])
        #expect(template.status == 64)
        #expect(template.stderr.contains("\nUsage: hindsight postmortem "))
        #expect(template.stderr.contains("; pass --template with one of those names or the path of a .mustache file, or set HINDSIGHT_TEMPLATES"))
        for r in [note, due, template] { #expect(!r.stderr.contains("SUBCOMMANDS"), "\(r.stderr)") }
    }
}
