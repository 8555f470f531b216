import HindsightFormats

/// What one ingested input did to the store.
public struct IngestReport: Sendable {
    public var file: String
    public var format: String = ""
    public var read = 0
    public var new = 0
    public var duplicates = 0
    /// Stages of a change already stored (a deployment's status after its start), merged into it.
    public var merged = 0
    public var conflicts = 0
    public var invalid = 0
    public var skipped = 0
    /// Reasons records had no native meaning, with how many of each (adapters).
    public var skippedReasons: [String: Int] = [:]
    /// The first problems (invalid records and conflicts), up to the options' limit.
    public var issues: [IngestIssue] = []
    /// Warnings about stored records, each distinct message once with how many records it concerns.
    public var warnings: [(issue: IngestIssue, count: Int)] = []
    /// Whether the file's transaction was committed.
    public var committed = false

    public init(file: String) { self.file = file }

    /// Invalid records and conflicts together.
    public var problems: Int { invalid + conflicts }

    /// One line: "1000 read, 0 new, 1000 already stored".
    public var summary: String {
        var parts = ["\(read) read", "\(committed ? new : 0) new", "\(duplicates) already stored"]
        if merged > 0 { parts.append("\(merged) merged into stored changes") }
        if conflicts > 0 { parts.append("\(conflicts) conflicting") }
        if invalid > 0 { parts.append("\(invalid) invalid") }
        if skipped > 0 { parts.append("\(skipped) skipped") }
        return parts.joined(separator: ", ")
    }
}
