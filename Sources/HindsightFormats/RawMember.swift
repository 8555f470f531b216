/// A member of the top-level object with the exact text its value had in the input.
public struct RawMember: Sendable {
    public var key: String
    public var value: JSONValue
    public var raw: Range<Int>
}
