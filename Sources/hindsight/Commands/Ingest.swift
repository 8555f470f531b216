import ArgumentParser
import Foundation
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
                conflict and is never overwritten. With --format auto the format is recognised \
                from the file's first JSON value (CDEvents, CloudEvents, Alertmanager, GitHub \
                deployment, PagerDuty and Sentry payloads; native otherwise); see docs/formats.md.
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("Files to read; '-' reads standard input.", valueName: "file"))
        var files: [String]

        @Option(help: "Input format: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: InputFormat = .auto

        @Option(
            name: .customLong("service-label"),
            help: ArgumentHelp(
                "Alertmanager label naming an alert's service; repeat to try several in order (default: \(AdapterOptions.defaultServiceLabels.joined(separator: ", "))).",
                valueName: "name"))
        var serviceLabels: [String] = []

        @Flag(help: "Store the valid records of a file and list the invalid ones, instead of storing nothing.")
        var skipInvalid = false

        @Flag(name: .shortAndLong, help: "No progress on a terminal.")
        var quiet = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one file to ingest, or '-' for standard input") }
        }

        func run() async throws {
            let eventStore = try store.open()
            var failed = false
            for file in files {
                let input = try runtime { try ByteInput(path: file) }
                let progress = (!quiet && stderrIsTerminal) ? ProgressLine(file: input.displayName) : nil
                let report = try runtime {
                    try eventStore.ingest(input, format: format, options: IngestOptions(skipInvalid: skipInvalid, adapters: AdapterOptions(serviceLabels: serviceLabels))) { read in
                        progress?.update(records: read)
                    }
                }
                progress?.clear()
                print("\(report.file): \(report.summary)")
                for (reason, n) in report.skippedReasons.sorted(by: { $0.key < $1.key }) {
                    print("  skipped \(n): \(reason)")
                }
                for issue in report.issues { printError(issue.description) }
                if report.problems > report.issues.count {
                    printError("… and \(report.problems - report.issues.count) more problems in \(report.file)")
                }
                if !report.committed {
                    failed = true
                    printError("\(report.file): nothing stored because of \(report.problems) problem\(report.problems == 1 ? "" : "s"); fix them, or rerun with --skip-invalid to store the valid records")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
