/// Where a record came from: file, 1-based line, and the element's index inside a JSON array or batch.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var index: Int?

    public init(file: String, line: Int, index: Int? = nil) {
        self.file = file
        self.line = line
        self.index = index
    }

    public var description: String {
        var s = "\(file):\(line)"
        if let index { s += " (item \(index))" }
        return s
    }
}
