/// Where and why a text is not valid JSON.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column (byte offset) in the parsed text.
    public var column: Int
    public var message: String
    public var description: String { "not valid JSON at column \(column): \(message)" }
}
