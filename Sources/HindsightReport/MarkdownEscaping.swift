/// Turns text from events into Markdown that reads as the same text: no formatting, links,
/// raw HTML or table breaks can come from data.
package enum MarkdownEscaping {
    /// Inline text and table cells: Markdown punctuation backslash-escaped, `<` `>` `&` as
    /// entities, line breaks and tabs as spaces. Safe inside a GFM table cell too (`|` → `\|`).
    package static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var atStart = true
        let chars = Array(oneLine(text))
        for (i, ch) in chars.enumerated() {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out.append("\\")
                out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            // These only mean something where a block starts (headings, lists, setext lines).
            case "#", "-", "+", "=":
                if atStart { out.append("\\") }
                out.append(ch)
            case ".", ")":
                if i > 0 && chars[..<i].allSatisfy({ $0.isASCII && $0.isNumber }) { out.append("\\") }
                out.append(ch)
            default:
                out.append(ch)
            }
            if ch != " " { atStart = false }
        }
        return out
    }

    /// A code span holding `text` verbatim; `inTable` escapes `|`, which GFM splits cells on even inside code.
    package static func code(_ text: String, inTable: Bool = false) -> String {
        var body = oneLine(text)
        if inTable { body = body.replacingAll("|", with: "\\|") }
        var longest = 0
        var run = 0
        for ch in body {
            if ch == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.first == "`" || body.last == "`" || (body.first == " " && body.last == " ") ? " " : ""
        return body.isEmpty ? "" : fence + pad + body + pad + fence
    }

    /// A Mermaid node label: only characters that cannot end the label or start markup.
    package static func mermaidLabel(_ text: String) -> String {
        var out = ""
        for ch in oneLine(text) {
            if ch.isLetter || ch.isNumber || " .,:/+%'()-–_@=".contains(ch) {
                out.append(ch)
            } else {
                out.append(" ")
            }
        }
        var collapsed = ""
        for ch in out where !(ch == " " && collapsed.last == " ") { collapsed.append(ch) }
        return collapsed.trimming(" ")
    }

    /// Text for HTML element content and attribute values.
    package static func html(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The text on one line: line breaks and tabs become single spaces.
    package static func oneLine(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch.isNewline || ch == "\t" {
                if out.last != " " { out.append(" ") }
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
