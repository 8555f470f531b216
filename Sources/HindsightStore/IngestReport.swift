import Hindsight
import HindsightFormats

/// What one ingested input did to the store.
package struct IngestReport: Sendable, Equatable {
    package var file: String
    package var format: String = ""
    package var read = 0
    package var new = 0
    package var duplicates = 0
    /// Stages of a change already stored (a deployment's status after its start), merged into it.
    package var merged = 0
    package var conflicts = 0
    package var invalid = 0
    package var skipped = 0
    /// Reasons records had no native meaning, with how many of each (adapters).
    package var skippedReasons: [String: Int] = [:]
    /// The first problems (invalid records and conflicts), up to the options' limit.
    package var issues: [IngestIssue] = []
    /// Warnings about stored records, each distinct message once with how many records it concerns.
    package var warnings: [Warning] = []

    /// A warning about stored records (an alert stored on the service `unknown`), and how many it concerns.
    package struct Warning: Sendable, Equatable {
        package var issue: IngestIssue
        package var count: Int
    }
    /// Whether the file's transaction was committed.
    package var committed = false
    /// Incident summaries recomputed right after the commit (those the input's events can change).
    package var summaries = 0

    package init(file: String) { self.file = file }

    /// Invalid records and conflicts together.
    package var problems: Int { invalid + conflicts }

    /// One line: "1,000 read, 0 new, 1,000 already stored".
    package var summary: String {
        func n(_ count: Int) -> String { Formatting.thousands(count) }
        var parts = ["\(n(read)) read", "\(n(committed ? new : 0)) new", "\(n(duplicates)) already stored"]
        if merged > 0 { parts.append("\(n(merged)) merged into stored changes") }
        if conflicts > 0 { parts.append("\(n(conflicts)) conflicting") }
        if invalid > 0 { parts.append("\(n(invalid)) invalid") }
        if skipped > 0 { parts.append("\(n(skipped)) skipped") }
        return parts.joined(separator: ", ")
    }
}
