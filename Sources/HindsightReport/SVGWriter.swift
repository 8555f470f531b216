/// Builds SVG markup; attribute values and text are always escaped.
struct SVGWriter {
    var text = ""

    mutating func open(_ name: String, _ attributes: [String: String]) {
        text += "<\(name)\(Self.attributes(attributes))>"
    }

    mutating func close(_ name: String) { text += "</\(name)>\n" }

    mutating func element(_ name: String, _ attributes: [String: String], text content: String? = nil) {
        if let content {
            text += "<\(name)\(Self.attributes(attributes))>\(MarkdownEscaping.html(MarkdownEscaping.oneLine(content)))</\(name)>\n"
        } else {
            text += "<\(name)\(Self.attributes(attributes))/>\n"
        }
    }

    /// Sorted by name so the output is byte-identical run to run.
    static func attributes(_ a: [String: String]) -> String {
        a.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(MarkdownEscaping.html($0.value))\"" }.joined()
    }
}
