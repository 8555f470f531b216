import CCmarkGFM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Markdown → HTML with cmark-gfm (tables, task lists, autolinks, strikethrough), in safe mode:
/// raw HTML is dropped and `javascript:` style links lose their target.
package enum MarkdownHTML {
    static let extensions = ["table", "tasklist", "autolink", "strikethrough"]

    // Registration mutates a global registry: do it once, whatever thread asks first.
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The HTML fragment for `markdown`.
    package static func fragment(_ markdown: String) -> String {
        withDocument(markdown) { doc, parser in
            guard let html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { free(html) }
            return labellingTaskBoxes(String(cString: html))
        }
    }

    /// Task-list boxes named for assistive technology: a box without a label reads as "checkbox".
    static func labellingTaskBoxes(_ html: String) -> String {
        guard html.contains("<input type=\"checkbox\"") else { return html }
        return html.replacingOccurrences(
            of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />", with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />"
        )
        .replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" />", with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />")
    }

    /// A standalone page: the rendered Markdown with a small inline stylesheet, no scripts.
    /// `figure` (an SVG chart) goes right after the document's first heading.
    package static func page(_ markdown: String, title: String, figure: String? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(MarkdownEscaping.html(MarkdownEscaping.oneLine(title)))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        <main>
        \(withFigure(fragment(markdown), figure))</main>
        </body>
        </html>

        """
    }

    /// The page's stylesheet (the server serves it as a file, for its Content-Security-Policy).
    package static let stylesheet = """
        body { font: 16px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; }
        main { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
        h1, h2, h3 { line-height: 1.25; } h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
        h2 { margin-top: 2rem; border-bottom: 1px solid #eaeef2; padding-bottom: .2em; }
        table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
        th, td { border: 1px solid #d0d7de; padding: .35rem .7rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; } tr:nth-child(even) td { background: #fbfcfd; }
        code { font: .875em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eff1f3; padding: .1em .3em; border-radius: 4px; }
        pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; border-radius: 6px; } pre code { background: none; padding: 0; }
        blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid #cf222e; background: #fff5f5; }
        ul.contains-task-list, li.task-list-item { list-style: none; } li > input[type=checkbox] { margin-right: .5em; }
        figure.chart { margin: 1rem 0 2rem; padding: .5rem; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        """

    /// `html` with `figure` in place of its Mermaid diagrams (an HTML page draws the chart, which says
    /// more; Markdown keeps Mermaid for GitHub), else after its first heading (at the top when it has none).
    package static func withFigure(_ html: String, _ figure: String?) -> String {
        guard let figure else { return html }
        let block = "<figure class=\"chart\">\n\(figure)</figure>\n"
        let open = "<pre><code class=\"language-mermaid\">"
        if html.contains(open) {
            var out = ""
            var rest = Substring(html)
            var placed = false
            // Event text in a code block is escaped by cmark, so its closing tags are the block's own.
            while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: "</code></pre>\n") {
                out += rest[..<start.lowerBound]
                if !placed { out += block }
                placed = true
                rest = rest[end.upperBound...]
            }
            return out + rest
        }
        guard let end = html.range(of: "</h1>\n") else { return block + html }
        return html[..<end.upperBound] + block + html[end.upperBound...]
    }

    /// How many nodes of each type (`table`, `item`, `tasklist`, `link`, `html_block`…) the parsed document has.
    package static func nodeCounts(_ markdown: String) -> [String: Int] {
        withDocument(markdown) { doc, _ in
            var counts: [String: Int] = [:]
            guard let iter = cmark_iter_new(doc) else { return counts }
            defer { cmark_iter_free(iter) }
            while true {
                let event = cmark_iter_next(iter)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                    let name = cmark_node_get_type_string(node)
                else { continue }
                counts[String(cString: name), default: 0] += 1
            }
            return counts
        }
    }

    static func withDocument<T>(_ markdown: String, _ body: (OpaquePointer, OpaquePointer) -> T) -> T {
        _ = registered
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var text = markdown
        text.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        let doc = cmark_parser_finish(parser)!
        defer { cmark_node_free(doc) }
        return body(doc, parser)
    }
}
