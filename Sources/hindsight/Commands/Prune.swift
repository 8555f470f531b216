import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight prune`: remove old history no incident needs.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove signals older than a time that belong to no incident (with --all: every older event).",
            discussion: """
                By default only alerts, crashes and customer reports older than --before go, and only those no incident's \
                analysis reads: incidents, their signals, the signals around them on their services and every change stay, \
                so every analysis is unchanged. --all also removes changes, notes and incidents that ended before --before \
                (with all their events); incidents still active after it keep theirs. Runs in batches, each its own \
                transaction, with progress; stopping it keeps what was already removed. Back up first ('hindsight backup').
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Remove what is older than this: an RFC 3339 time, or a duration back from now (365d).", valueName: "time|duration"))
        var before: String

        @Flag(help: "Also remove changes, notes and incidents wholly before --before.")
        var all = false

        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let cutoff: Timestamp
            if let span = TimeSpan.parse(before) {
                cutoff = try clock.current() - span
            } else {
                cutoff = try parseTime(before, option: "--before")
            }
            let eventStore = try store.open()
            let terminal = stderrIsTerminal
            let report = try runtime {
                try eventStore.prune(before: cutoff, all: all) { r in
                    if terminal {
                        writeStderr(
                            "\r\u{1B}[K\(eventStore.displayName): \(Formatting.thousands(r.scanned)) older events looked at, \(Formatting.thousands(r.deleted)) removed"
                        )
                    }
                }
            }
            if terminal { writeStderr("\r\u{1B}[K") }
            func events(_ n: Int) -> String { "\(Formatting.thousands(n)) event\(n == 1 ? "" : "s")" }
            var line = "\(eventStore.displayName): removed \(events(report.deleted)) older than \(cutoff.rfc3339)"
            if all { line += " with \(report.incidents) incident\(report.incidents == 1 ? "" : "s") that ended before it" }
            let kept = report.scanned - report.deleted
            line += all ? "; kept \(events(kept)) of incidents active after it" : "; kept \(events(kept)) that incidents use"
            print(line)
        }
    }
}
