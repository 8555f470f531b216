import ArgumentParser
import Foundation
import Hindsight
import HindsightFormats
import HindsightReport
import HindsightStore

extension ReportFormat: ExpressibleByArgument {}

extension HindsightCommand {
    /// `hindsight postmortem`: a post-mortem draft from a template, as Markdown or HTML.
    struct Postmortem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a post-mortem draft for one incident, from a template.",
            discussion: """
                The draft is deterministic: the same store and options give the same bytes.

                With -o FILE on an existing Markdown file, the draft is refreshed in place: the sections
                Hindsight generates (between <!-- hindsight:begin NAME --> and <!-- hindsight:end NAME -->)
                are replaced, and everything people wrote around them is kept byte for byte. A generated
                section edited by hand is kept and reported on standard error (docs/retrospective.md).

                Templates are Mustache files. --template takes a path (anything with a '/' or
                ending in .mustache) or a NAME, looked up as NAME.md.mustache in, first found:
                  1. $HINDSIGHT_TEMPLATES
                  2. ./templates
                  3. the templates/ directory of the repository the executable was built in
                Bundled: default (complete post-mortem), google-sre (SRE-book style),
                status-update (one-page summary). Copy one to ./templates and edit it.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var analysis: AnalysisFlags

        @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
        var incident: String

        @Option(help: ArgumentHelp("A template NAME or PATH (see below).", valueName: "name|path"))
        var template = "default"

        @Option(help: ArgumentHelp("markdown or html (standalone page, no scripts).", valueName: "format"))
        var format: ReportFormat = .markdown

        @Option(help: ArgumentHelp("Show times in this IANA zone (UTC, Europe/Berlin).", valueName: "zone"))
        var timezone = "UTC"

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            // A zone or template name that does not exist is a usage error (64); a template
            // that exists but does not parse is a runtime one (1).
            let zone: ReportTimeZone
            do { zone = try ReportTimeZone(named: timezone) } catch { throw ValidationError("--timezone: \(error)") }
            let locator = TemplateLocator.standard(
                environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath,
                executablePath: Bundle.main.executablePath ?? CommandLine.arguments.first)
            let parsed = try runtime {
                do {
                    return try locator.load(template)
                } catch let error as ReportError {
                    if case .unknownTemplate = error { throw ValidationError("--template: " + FrontEndHint.message(for: error)) }
                    throw error
                }
            }
            let objectives = try runtime { try HindsightConfig.forStore(explicit: nil, storePath: store.path) }.objectives
            let eventStore = try store.open()
            let text = try runtime {
                let options = analysis.options
                let result = try eventStore.analysis(incident: incident, options: options)
                let events = try eventStore.timeline(for: result, options: options)
                let items = try eventStore.actionItems(incident: incident)
                var rates: SignalRates?
                if format == .html {
                    let grid = TimelineChart.rateGrid(for: result)
                    rates = try eventStore.signalRates(
                        incident: incident, start: grid.start, bucket: grid.bucket, buckets: grid.count,
                        lookback: options.lookback)
                }
                return HindsightReport.Postmortem.render(
                    analysis: result, timeline: events, template: parsed, format: format, timeZone: zone, actionItems: items, rates: rates,
                    objectives: objectives)
            }
            if let output {
                try runtime {
                    var text = text
                    var refresh: PostmortemDocument.MergeReport?
                    // An existing Markdown draft is refreshed: generated regions replaced, people's text kept.
                    if format == .markdown, let existing = try? String(contentsOfFile: output, encoding: .utf8) {
                        let merged = try PostmortemDocument.merge(existing: existing, fresh: text, file: output)
                        text = merged.text
                        refresh = merged.report
                        for (name, line) in merged.report.keptEdited {
                            printError(
                                "\(output):\(line): the generated '\(name)' section was edited by hand, so it was kept as it is and not "
                                    + "refreshed; to have it regenerated, empty it (keep its two marker lines), moving any words to keep outside them")
                        }
                        for name in merged.report.added { printError("\(output): added the generated '\(name)' section the template now has") }
                        for name in merged.report.notGenerated {
                            printError("\(output): the template no longer generates the '\(name)' section; it was kept as it is")
                        }
                    }
                    do {
                        try text.write(toFile: output, atomically: true, encoding: .utf8)
                    } catch {
                        throw ReportError.cannotWrite(path: output, reason: (error as NSError).localizedDescription)
                    }
                    print(Self.written(output, incident: incident, format: format, template: template, bytes: text.utf8.count, refresh: refresh))
                }
            } else {
                print(text, terminator: "")
            }
        }

        /// What `-o` did to the file, in one line: standard output is free, the draft went to the file.
        static func written(
            _ file: String, incident: String, format: ReportFormat, template: String, bytes: Int, refresh: PostmortemDocument.MergeReport?
        ) -> String {
            let what = "\(format == .html ? "HTML" : "Markdown") post-mortem of \(incident), template \(template)"
            guard let r = refresh else { return "wrote \(file) (\(what), \(Formatting.thousands(bytes)) bytes)" }
            func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
            var parts = [count(r.refreshed.count, "generated section refreshed", "generated sections refreshed")]
            if !r.keptEdited.isEmpty { parts.append("\(r.keptEdited.count) edited by hand kept") }
            if !r.added.isEmpty { parts.append("\(r.added.count) added") }
            if !r.notGenerated.isEmpty { parts.append("\(r.notGenerated.count) no longer generated kept") }
            return "refreshed \(file) (\(what)): " + parts.joined(separator: ", ") + "; everything outside them kept as it was"
        }
    }
}
