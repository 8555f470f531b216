import Foundation
import Hindsight
import Testing

/// `hindsight postmortem` end to end: output, files, and the exit status of each kind of mistake.
@Suite struct PostmortemCommandTests {
    @Test func writesMarkdownAndHTML() throws {
        let cli = try WhatIfCommandTests.loaded("canary-checkout-2024-09-12")
        defer { cli.cleanUp() }
        let md = try cli.run(["postmortem", "INC-2024-0912-1"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.hasPrefix("# Post-mortem: INC-2024-0912-1"))
        #expect(md.stdout.contains("deploy-checkout-api-5.14.0-canary"))
        let html = try cli.run(["postmortem", "INC-2024-0912-1", "--format", "html", "-o", "pm.html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: cli.path("pm.html"), encoding: .utf8)
        #expect(page.contains("<table>"))
        #expect(!page.contains("<script"))
    }

    /// `-o` says what it did to the file: written anew, or refreshed with what was kept.
    @Test func writingToAFileSaysWhatWasWritten() throws {
        let cli = try WhatIfCommandTests.loaded("canary-checkout-2024-09-12")
        defer { cli.cleanUp() }
        let first = try cli.run(["postmortem", "INC-2024-0912-1", "-o", "pm.md"])
        #expect(first.status == 0, "\(first.stderr)")
        let size = try Data(contentsOf: URL(fileURLWithPath: cli.path("pm.md"))).count
        #expect(first.stdout == "wrote pm.md (Markdown post-mortem of INC-2024-0912-1, template default, \(Formatting.thousands(size)) bytes)\n")
        #expect(first.stderr == "")

        // A person edits one generated section and adds their own; the refresh keeps both and says so.
        var text = try String(contentsOfFile: cli.path("pm.md"), encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- hindsight:end detection -->"))
        text.insert(contentsOf: "Paged at 04:12 by the canary alarm.\n", at: marker.lowerBound)
        text += "\n## Notes of ours\n\nkept\n"
        try text.write(toFile: cli.path("pm.md"), atomically: true, encoding: .utf8)
        let again = try cli.run(["postmortem", "INC-2024-0912-1", "-o", "pm.md"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout
                == "refreshed pm.md (Markdown post-mortem of INC-2024-0912-1, template default): 13 generated sections refreshed, "
                + "1 edited by hand kept; everything outside them kept as it was\n")
        #expect(again.stderr.contains("the generated 'detection' section was edited by hand"))
        #expect(try String(contentsOfFile: cli.path("pm.md"), encoding: .utf8).hasSuffix("\n## Notes of ours\n\nkept\n"))

        let html = try cli.run(["postmortem", "INC-2024-0912-1", "--format", "html", "-o", "pm.html"])
        let htmlSize = try Data(contentsOf: URL(fileURLWithPath: cli.path("pm.html"))).count
        #expect(html.stdout == "wrote pm.html (HTML post-mortem of INC-2024-0912-1, template default, \(Formatting.thousands(htmlSize)) bytes)\n")
    }

    @Test func unknownTemplateOrZoneIsAUsageError() throws {
        let cli = try WhatIfCommandTests.loaded("canary-checkout-2024-09-12")
        defer { cli.cleanUp() }
        let template = try cli.run(["postmortem", "INC-2024-0912-1", "--template", "nosuch"])
        #expect(template.status == 64)
        #expect(template.stderr.contains("no template named 'nosuch' (available: default, google-sre, status-update"))
        let zone = try cli.run(["postmortem", "INC-2024-0912-1", "--timezone", "Mars/Base"])
        #expect(zone.status == 64)
        #expect(zone.stderr.contains("unknown time zone 'Mars/Base'"))
    }

    @Test func aBrokenTemplateIsARuntimeErrorNamingFileAndLine() throws {
        let cli = try WhatIfCommandTests.loaded("canary-checkout-2024-09-12")
        defer { cli.cleanUp() }
        let path = try cli.write("broken.md.mustache", "# {{incident}}\n{{#sections}}\n")
        let r = try cli.run(["postmortem", "INC-2024-0912-1", "--template", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken.md.mustache:3:"), "\(r.stderr)")
    }
}
