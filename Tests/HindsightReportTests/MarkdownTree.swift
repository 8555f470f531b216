import CCmarkGFM
import HindsightReport

/// The shape of a Markdown document as cmark-gfm parses it: tables (cells per row) and task items.
struct MarkdownTree {
    /// Per table, the number of cells in each row (header first).
    var tables: [[Int]] = []
    /// Per task item, whether it is checked.
    var tasks: [Bool] = []
    var links: [String] = []
    var codeBlocks: [(info: String, text: String)] = []

    init(_ markdown: String) {
        _ = MarkdownHTML.fragment("")  // registers the GFM extensions once, through the library's guard
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        for name in ["table", "tasklist", "autolink", "strikethrough"] {
            cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name))
        }
        var text = markdown
        text.withUTF8 { buf in buf.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) } }
        let doc = cmark_parser_finish(parser)!
        defer { cmark_node_free(doc) }
        let iter = cmark_iter_new(doc)!
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            switch String(cString: cmark_node_get_type_string(node)) {
            case "table": tables.append([])
            case "table_row", "table_header": tables[tables.count - 1].append(0)
            case "table_cell":
                let t = tables.count - 1
                tables[t][tables[t].count - 1] += 1
            case "tasklist": tasks.append(cmark_gfm_extensions_get_tasklist_item_checked(node))
            case "link": links.append(cmark_node_get_url(node).map { String(cString: $0) } ?? "")
            case "code_block":
                codeBlocks.append(
                    (
                        cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "",
                        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                    ))
            default: break
            }
        }
    }
}
