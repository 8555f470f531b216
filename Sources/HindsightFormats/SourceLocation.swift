/// Where a record came from: file, 1-based line, and the element's index inside a JSON array or batch.
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var index: Int?

    package init(file: String, line: Int, index: Int? = nil) {
        self.file = file
        self.line = line
        self.index = index
    }

    package var description: String {
        var s = "\(file):\(line)"
        if let index { s += " (item \(index))" }
        return s
    }
}
