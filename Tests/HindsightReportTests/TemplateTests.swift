import Foundation
import HindsightReport
import Testing

@Suite struct TemplateTests {
    @Test func parseErrorNamesFileLineAndColumn() {
        #expect(
            throws: ReportError.templateSyntax(
                file: "bad.md.mustache", line: 4, column: 4,
                problem: "a closing tag {{/…}} does not match the section it closes", text: "{{/trigger2}}")
        ) {
            try PostmortemTemplate(text: "# T\n\n{{#trigger}}\n{{/trigger2}}\n", file: "bad.md.mustache")
        }
        // Line 1 carries the hidden content-type pragma: the column and text must not show it.
        #expect(
            throws: ReportError.templateSyntax(
                file: "one.mustache", line: 1, column: 10,
                problem: "a closing tag {{/…}} does not match the section it closes", text: "{{#a}}{{/b}}")
        ) {
            try PostmortemTemplate(text: "{{#a}}{{/b}}\nrest\n", file: "one.mustache")
        }
        do {
            _ = try PostmortemTemplate(text: "ok\n{{#x}}{{name", file: "open.mustache")
            Issue.record("an unclosed tag parsed")
        } catch {
            #expect(error.description.hasPrefix("open.mustache:2:"))
            #expect(error.description.contains("a tag is still open at the end of the file"))
        }
    }

    @Test func unknownNameListsTheAvailableTemplates() throws {
        let locator = TemplateLocator(directories: [ReportFixtures.templates])
        #expect(locator.available() == ["default", "google-sre", "status-update"])
        #expect(
            throws: ReportError.unknownTemplate(
                name: "nope", available: ["default", "google-sre", "status-update"], searched: [ReportFixtures.templates])
        ) {
            try locator.resolve("nope")
        }
        #expect(try locator.resolve("google-sre") == ReportFixtures.templates + "/google-sre.md.mustache")
        #expect(throws: ReportError.self) { try locator.resolve("./missing.md.mustache") }
    }

    @Test func standardLookupFindsTheRepositoryTemplatesFromTheExecutable() {
        let exe = ReportFixtures.repository.appendingPathComponent(".build/debug/hindsight").path
        let locator = TemplateLocator.standard(environment: ["HINDSIGHT_TEMPLATES": "/custom"], currentDirectory: "/nowhere", executablePath: exe)
        #expect(locator.directories == ["/custom", "/nowhere/templates", ReportFixtures.templates])
    }

    @Test func valuesAreNotHTMLEscapedTwice() throws {
        let t = try PostmortemTemplate(text: "{{incident}}|{{heading}}", file: "t")
        var (analysis, timeline) = try ReportFixtures.analysed(ReportFixtures.payments, incident: "INC-7")
        analysis.title = "A & B <c> \"d\""
        let model = PostmortemViewModel(analysis: analysis, timeline: timeline)
        #expect(t.render(model) == "INC-7|INC-7: A &amp; B &lt;c&gt; \"d\"\n")
    }
}
