import ArgumentParser

/// A usage error's text as ArgumentParser prints it (message, the subcommand's usage, where its help
/// is), for errors found in `run()`, where ArgumentParser would show the root command's usage.
enum UsageError {
    static func text(_ message: String, for command: any ParsableCommand.Type) -> String {
        let usage = HindsightCommand.usageString(for: command).split(separator: "\n", omittingEmptySubsequences: false)
        let names = path(to: command, from: HindsightCommand.self)?.joined(separator: " ") ?? HindsightCommand._commandName
        return "Error: \(message)\nUsage: \(usage.joined(separator: "\n       "))\n  See '\(names) --help' for more information.\n"
    }

    /// The command names from `root` down to `target`.
    static func path(to target: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        if ObjectIdentifier(root) == ObjectIdentifier(target) { return [root._commandName] }
        for sub in root.configuration.subcommands {
            if let rest = path(to: target, from: sub) { return [root._commandName] + rest }
        }
        return nil
    }
}
