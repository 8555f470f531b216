import ArgumentParser
import Foundation
import Hindsight

/// `--now`: the instant a command takes as the current time, so recorded notes and overdue marks are reproducible.
struct ClockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Take this RFC 3339 instant as the current time (default: $HINDSIGHT_NOW, else the system clock).", valueName: "time"))
    var now: String?

    func current() throws -> Timestamp {
        if let now { return try parseTime(now, option: "--now") }
        return try Self.unset()
    }

    /// The current time when no `--now` is given: `$HINDSIGHT_NOW`, else the system clock.
    static func unset() throws -> Timestamp {
        if let env = ProcessInfo.processInfo.environment["HINDSIGHT_NOW"], !env.isEmpty { return try parseTime(env, option: "HINDSIGHT_NOW") }
        return Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
