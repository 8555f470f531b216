/// Where and why a text is not valid JSON.
package struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column (byte offset) in the parsed text.
    package var column: Int
    package var message: String
    package var description: String { "not valid JSON at column \(column): \(message)" }
}
