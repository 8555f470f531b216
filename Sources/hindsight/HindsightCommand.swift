import ArgumentParser

/// The `hindsight` command: configuration only; the work is in the subcommands.
@main
struct HindsightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hindsight",
        abstract: "Turn the events around an outage into a post-mortem.",
        discussion: """
            Feed it deploys, releases, config pushes, rollbacks, alerts, crashes and customer reports; ask what changed before an incident, which change \
            triggered it, how long until it was noticed, and get a post-mortem draft.

            Every subcommand takes --db PATH or --db postgres://USER@HOST[:PORT]/DATABASE (default: $HINDSIGHT_DB, else ./hindsight.db). Times are RFC 3339 (2024-07-19T04:09:00Z); durations look like \
            90s, 30m, 6h, 7d.
            """,
        version: "0.1.0",
        subcommands: [
            Ingest.self, Events.self, Changes.self, Incidents.self, Analyze.self, WhatIf.self, Postmortem.self, Generate.self,
            Note.self, Trigger.self, Action.self, Retract.self, Review.self, Catalog.self, Serve.self, Token.self, Export.self, Migrate.self,
            Prune.self, Backup.self,
        ])

    /// ArgumentParser's entry point, except that a usage error found while running (a time or a
    /// template checked once the arguments are parsed) shows the usage of the subcommand that ran,
    /// not the root's.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                var sync = command
                try sync.run()
            }
        } catch let error as ValidationError {
            writeStderr(UsageError.text(error.message, for: type(of: command)))
            exit(withError: ExitCode.validationFailure)
        } catch {
            exit(withError: error)
        }
    }
}
