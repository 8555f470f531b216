import Foundation
import HindsightReport
import Testing

@Suite struct EscapingTests {
    @Test func inlineTextCannotFormatOrBreakTables() {
        #expect(MarkdownEscaping.inline("a|b") == "a\\|b")
        #expect(MarkdownEscaping.inline("*x* _y_ `z` ~w~ [l](u)") == "\\*x\\* \\_y\\_ \\`z\\` \\~w\\~ \\[l\\](u)")
        #expect(MarkdownEscaping.inline("<b>&") == "&lt;b&gt;&amp;")
        #expect(MarkdownEscaping.inline("one\ntwo\r\nthree") == "one two three")
        #expect(MarkdownEscaping.inline("# not a heading") == "\\# not a heading")
        #expect(MarkdownEscaping.inline("12. not a list") == "12\\. not a list")
        #expect(MarkdownEscaping.inline("v1.2-rc") == "v1.2-rc")
    }

    @Test func codeSpansHoldBackticksAndPipes() {
        #expect(MarkdownEscaping.code("a`b") == "``a`b``")
        #expect(MarkdownEscaping.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownEscaping.code("`x") == "`` `x ``")
        #expect(MarkdownEscaping.mermaidLabel("04:09 \"a\" [b] <c> {d}; e|f") == "04:09 a b c d e f")
    }

    @Test func hostileEventTextStaysText() throws {
        let md = try ReportFixtures.render(ReportFixtures.hostileEvents, incident: "INC-X")
        let tree = MarkdownTree(md)
        #expect(tree.tables.count == 5)  // header facts, signals, timeline, communications, findings: no candidate besides cfg-1
        for table in tree.tables { #expect(Set(table).count == 1, "a row has a different number of cells: \(table)") }
        #expect(!tree.links.contains { $0.lowercased().hasPrefix("javascript") })
        #expect(!md.contains("<script>"))
        for line in md.split(separator: "\n") where line.contains("second line") {
            #expect(line.contains("evil \\| \\*bold\\*"))
        }
        let mermaid = try #require(tree.codeBlocks.first?.text)
        #expect(!mermaid.contains("<") && !mermaid.contains("`") && !mermaid.contains("|"))

        let html = try ReportFixtures.render(ReportFixtures.hostileEvents, incident: "INC-X", format: .html)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(html.contains("evil | *bold* _x_ `tick` &lt;script&gt;alert(1)&lt;/script&gt; second line [x](javascript:alert(1))"))
        #expect(!html.contains("<em>bold</em>") && !html.contains("<em>x</em>") && !html.contains("<code>tick</code>"))
    }
}
