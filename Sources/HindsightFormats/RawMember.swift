/// A member of the top-level object with the exact text its value had in the input.
package struct RawMember: Sendable {
    package var key: String
    package var value: JSONValue
    package var raw: Range<Int>
}
