import Foundation
import HindsightTestSupport
import Testing

/// A mistyped `--db` never becomes a new, empty store: commands that read (or add to what a store
/// holds) refuse a location without a Hindsight store, naming it and saying what to do.
@Suite struct StoreLocationCommandTests {
    /// Every command that needs an existing store, with arguments that would otherwise be valid.
    static let commands: [[String]] = [
        ["events"], ["changes", "--before", "2024-07-19T05:00:00Z"], ["incidents"], ["analyze", "INC-1"], ["postmortem", "INC-1"],
        ["whatif", "INC-1"], ["review"], ["export"], ["note", "INC-1", "text", "--by", "ana"],
        ["trigger", "confirm", "INC-1", "cs-291", "--by", "ana"], ["action", "add", "INC-1", "text", "--owner", "bob"],
        ["action", "done", "INC-1-A1"], ["action", "list"], ["token", "list"], ["token", "revoke", "ci"], ["catalog", "list"],
    ]

    static func noStore(_ path: String, _ why: String = "") -> String {
        "hindsight: no Hindsight store at \(path)\(why); check --db (or $HINDSIGHT_DB), "
            + "or create the store by ingesting events into it: hindsight ingest --db \(path) FILE\n"
    }

    @Test func aMissingStoreIsNamedAndNeverCreated() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let typo = cli.path("typo.db")
        for args in Self.commands {
            let r = try cli.run(args + ["--db", typo])
            #expect(r.status == 1, "\(args)")
            #expect(r.stdout == "", "\(args)")
            #expect(r.stderr == Self.noStore(typo), "\(args)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(args) created the store")
            #expect(!FileManager.default.fileExists(atPath: typo + "-wal"), "\(args)")
        }
        // The default location too: no hindsight.db appears in the working folder.
        let r = try cli.run(["incidents"])
        #expect(r.stderr == Self.noStore("hindsight.db"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("hindsight.db")))
    }

    @Test func anEmptyFileAFolderAndAForeignDatabaseAreNotStores() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let empty = try cli.write("empty.db", "")
        let r = try cli.run(["events", "--db", empty])
        #expect(r.status == 1)
        #expect(r.stderr == Self.noStore(empty, ": the file is empty"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty, "the empty file is left as it was")

        let folder = cli.path("folder.db")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(try cli.run(["events", "--db", folder]).stderr == Self.noStore(folder, ": it is not a file"))

        // Someone else's SQLite database: refused, and none of Hindsight's tables are added to it.
        let foreign = cli.path("other.db")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", foreign, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed (make deps installs it)")
        let refused = try cli.run(["incidents", "--db", foreign])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "hindsight: no Hindsight store at \(foreign): it is an SQLite database without Hindsight's tables; "
                + "point --db (or $HINDSIGHT_DB) at a Hindsight store; this command never writes to a file it did not create\n")
    }

    @Test func commandsThatFillAStoreCreateIt() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("events.jsonl", CommandLineTests.events)
        let db = cli.path("new.db")
        #expect(try cli.run(["ingest", "--db", db, file]).status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        // Once it exists, a note on one of its incidents is stored, and reading it works.
        #expect(try cli.run(["note", "INC-1", "paged the network team", "--by", "ana", "--db", db]).status == 0)
        let events = try cli.run(["events", "--kind", "note", "--json", "--db", db])
        #expect(events.stdout.contains(#""summary":"paged the network team""#))
    }

    /// A PostgreSQL database without Hindsight's tables: every command says so and how to create them;
    /// `migrate` creates them, and then the same command works.
    @Test(.enabled(if: TestBackend.postgresURL != nil)) func aPostgreSQLDatabaseWithoutTheSchemaSaysToMigrate() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let url = try TestBackend.freshSchemaLocation()
        let r = try cli.run(["incidents", "--db", url])
        #expect(r.status == 1)
        let shown = try #require(r.stderr.firstMatch(of: #/no Hindsight store at (postgres://\S+): /#)?.1)
        #expect(!shown.contains(":@") && shown.contains("schema=t_"), "the URL is shown without a password, with its schema")
        #expect(r.stderr.hasSuffix(": the database has none of Hindsight's tables; create them with 'hindsight migrate --db \(shown)' (docs/postgres.md)\n"))
        let file = try cli.write("events.jsonl", CommandLineTests.events)
        #expect(try cli.run(["ingest", "--db", url, file]).status == 1, "ingest does not create a PostgreSQL schema either")
        #expect(try cli.run(["migrate", "--db", url]).status == 0)
        #expect(try cli.run(["ingest", "--db", url, file]).status == 0)
        #expect(try cli.run(["incidents", "--ids", "--db", url]).stdout == "INC-1\n")
    }
}
