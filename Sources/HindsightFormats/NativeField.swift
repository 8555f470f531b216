import Hindsight

/// One field of a native record before validation: its name, value, and the raw JSON text where known.
package struct NativeField: Sendable {
    package var key: String
    package var value: JSONValue
    package var raw: String?

    package init(key: String, value: JSONValue, raw: String? = nil) {
        self.key = key
        self.value = value
        self.raw = raw
    }
}
