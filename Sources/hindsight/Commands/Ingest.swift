import ArgumentParser
import Foundation
import Hindsight
import HindsightFormats
import HindsightStore

extension InputFormat: ExpressibleByArgument {}

extension HindsightCommand {
    /// `hindsight ingest`: store events from files, each file all or nothing.
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store events from files (JSON Lines, JSON array, CSV, CDEvents, CloudEvents, webhooks; '-' for stdin).",
            discussion: """
                Each file is one transaction: by default a file with any invalid record stores \
                nothing and its problems are listed (file, line, field, what to do). Ingesting the \
                same file again stores nothing twice; an id already stored with other content is a \
                conflict and is never overwritten, except the stages of one change (a deployment \
                started, then finished), which are merged into it. With --format auto each JSON \
                value is recognised by its shape (\(FormatRegistry.entries.map(\.format.rawValue).joined(separator: ", ")); \
                native otherwise), so a file may mix formats. Settings are read from hindsight.toml \
                next to the store, or --config; see docs/formats.md.
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("Files to read; '-' reads standard input.", valueName: "file"))
        var files: [String]

        @Option(help: "Input format; auto recognises each payload by its shape.")
        var format: InputFormat = .auto

        @Option(
            name: .customLong("service-label"),
            help: ArgumentHelp(
                "Label naming an alert's service ('NAME:host' for the host part of an address); repeat to try several in order "
                    + "(default: \(AdapterOptions.defaultServiceRules.map(\.description).joined(separator: ", "))).",
                valueName: "name"))
        var serviceLabels: [String] = []

        @Option(help: ArgumentHelp("Settings file (default: hindsight.toml next to the store, when it exists).", valueName: "path"))
        var config: String?

        @Option(
            name: .customLong("received-at"),
            help: ArgumentHelp(
                "When the payloads were received (RFC 3339): the time of events whose producer sends none "
                    + "(PagerDuty without payload.timestamp, CloudEvents without time, GitLab feature flags, Jenkins without build.timestamp, "
                    + "mappings that map no time).",
                valueName: "time"))
        var receivedAt: String?

        @Option(
            name: .customLong("max-record-size"),
            help: ArgumentHelp("Longest line or single payload read whole, like 16MiB (default: 16MiB).", valueName: "size"))
        var maxRecordSize: String?

        @Flag(help: "Store the valid records of a file and list the invalid ones, instead of storing nothing.")
        var skipInvalid = false

        @Flag(name: .shortAndLong, help: "No progress on a terminal.")
        var quiet = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one file to ingest, or '-' for standard input") }
            if let receivedAt, case .failure(let e) = Timestamp.parse(receivedAt) {
                throw ValidationError("--received-at '\(receivedAt)': \(e.description)")
            }
            if let maxRecordSize, HindsightConfig.parseSize(maxRecordSize) == nil {
                throw ValidationError("--max-record-size '\(maxRecordSize)' is not a size; write it like 16MiB, 512KiB or a number of bytes")
            }
        }

        /// The settings: the config file (given, or next to the store), then the flags over it.
        func settings() throws -> HindsightConfig {
            var settings = try runtime { try HindsightConfig.forStore(explicit: config, storePath: store.path) }
            if !serviceLabels.isEmpty { settings.adapters.serviceRules = serviceLabels.map(ServiceRule.init(parsing:)) }
            if let receivedAt, case .success(let t) = Timestamp.parse(receivedAt) { settings.adapters.receivedAt = t }
            if let maxRecordSize, let bytes = HindsightConfig.parseSize(maxRecordSize) { settings.maxRecordSize = bytes }
            return settings
        }

        func run() async throws {
            let settings = try settings()
            let eventStore = try store.openOrCreate()
            var failed = false
            let onTerminal = !quiet && stderrIsTerminal
            for file in files {
                let started = Date()
                let input = try runtime { try ByteInput(path: file, maxRecordSize: settings.maxRecordSize) }
                let progress = onTerminal ? ProgressLine(file: input.displayName, start: started) : nil
                let report = try runtime {
                    defer { progress?.clear() }
                    let options = IngestOptions(skipInvalid: skipInvalid, adapters: settings.adapters)
                    return try eventStore.ingest(input, format: format, options: options, progress: progress.map { line in { line.update($0) } })
                }
                // Timing is for people watching; output to scripts stays the same from run to run.
                print("\(report.file): \(report.summary)" + (onTerminal ? Self.timing(records: report.read, since: started) : ""))
                for (reason, n) in report.skippedReasons.sorted(by: { $0.key < $1.key }) {
                    print("  skipped \(n): \(reason)")
                }
                for warning in report.warnings {
                    printError("warning: \(FrontEndHint.message(for: warning.issue))\(warning.count > 1 ? " (\(warning.count) records)" : "")")
                }
                for issue in report.issues { printError(FrontEndHint.message(for: issue)) }
                if report.problems > report.issues.count {
                    printError("… and \(report.problems - report.issues.count) more problems in \(report.file)")
                }
                if !report.committed {
                    failed = true
                    printError(
                        "\(report.file): nothing stored because of \(report.problems) problem\(report.problems == 1 ? "" : "s"); fix them, or rerun with --skip-invalid to store the valid records"
                    )
                }
            }
            if failed { throw ExitCode(1) }
        }

        /// ` in 3.2s (512,300 records/s)`.
        static func timing(records: Int, since start: Date) -> String {
            let elapsed = Date().timeIntervalSince(start)
            return " in \(ProgressLine.duration(elapsed)) (\(ProgressLine.rate(records, elapsed)))"
        }
    }
}
