import Foundation
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
