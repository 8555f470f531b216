import Mustache

/// A parsed post-mortem template; parsing reports the file, line and column of a syntax error.
package struct PostmortemTemplate: Sendable {
    /// Where the template came from, for messages.
    package let file: String
    let template: MustacheTemplate

    // Values are Markdown-escaped by the view model; Mustache's default HTML escaping would
    // escape them twice. The pragma goes on line 1 without a newline so line numbers stay true.
    static let pragma = "{{%CONTENT_TYPE:TEXT}}"

    /// Parses Mustache `text` read from `file`.
    package init(text: String, file: String) throws(ReportError) {
        self.file = file
        do {
            template = try MustacheTemplate(string: Self.pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let c = error.context
            let shift = c.lineNumber == 1 ? Self.pragma.count : 0
            var line = c.line
            if c.lineNumber == 1, line.hasPrefix(Self.pragma) { line.removeFirst(Self.pragma.count) }
            throw .templateSyntax(
                file: file, line: c.lineNumber, column: max(1, c.columnNumber - shift),
                problem: Self.problem(error.error), text: line)
        } catch {
            throw .templateSyntax(file: file, line: 1, column: 1, problem: "\(error)", text: "")
        }
    }

    /// Renders the view model; blank-line runs are folded so optional sections leave no gaps.
    package func render(_ model: PostmortemViewModel) -> String {
        Self.tidy(template.render(model))
    }

    static func problem(_ error: any Error) -> String {
        guard let e = error as? MustacheTemplate.Error else {
            // The parser's own errors are internal types; `overflow` means it ran off the end of the text.
            return "\(error)" == "overflow" ? "a tag is still open at the end of the file (missing }})" : "\(error)"
        }
        switch e {
        case .sectionCloseNameIncorrect: return "a closing tag {{/…}} does not match the section it closes"
        case .unfinishedName: return "a tag is not closed with }} or its name has characters other than letters, digits and . _ -"
        case .expectedSectionEnd: return "a section opened with {{#…}} or {{^…}} is never closed with {{/…}}"
        case .invalidSetDelimiter: return "a set-delimiter tag {{=… …=}} is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance block"
        case .illegalTokenInsideInheritSection: return "a tag other than a block {{$…}} is inside a parent {{<…}}"
        case .textInsideInheritSection: return "text is inside a parent {{<…}}"
        case .invalidConfigVariableSyntax: return "a pragma {{%…}} is malformed"
        case .unrecognisedConfigVariable: return "a pragma {{%…}} is unknown"
        }
    }

    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blanks = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.reversed().drop(while: { $0 == " " || $0 == "\t" }).isEmpty
            if trimmed {
                blanks += 1
                if blanks > 1 { continue }
                lines.append("")
            } else {
                blanks = 0
                lines.append(line)
            }
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
