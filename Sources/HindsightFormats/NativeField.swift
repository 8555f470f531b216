import Hindsight

/// One field of a native record before validation: its name, value, and the raw JSON text where known.
public struct NativeField: Sendable {
    public var key: String
    public var value: JSONValue
    public var raw: String?

    public init(key: String, value: JSONValue, raw: String? = nil) {
        self.key = key
        self.value = value
        self.raw = raw
    }
}
