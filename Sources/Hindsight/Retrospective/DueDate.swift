/// An action item's due date as written (`2026-12-15` or an RFC 3339 instant) and the instant it falls due.
public struct DueDate: Sendable, Equatable {
    /// The text as given, stored in the event's `due` field.
    public var text: String
    /// When the item becomes overdue: the end of the day (24:00 UTC) for a date, the instant itself otherwise.
    public var deadline: Timestamp

    /// Parses a due date; the error says what to write instead.
    public static func parse(_ text: String) -> Result<DueDate, TimestampError> {
        if isDate(text) {
            switch Timestamp.parse(text + "T00:00:00Z") {
            case .success(let midnight): return .success(DueDate(text: text, deadline: midnight + .days(1)))
            case .failure: return .failure(.outOfRange(text, component: "date"))
            }
        }
        return Timestamp.parse(text).map { DueDate(text: text, deadline: $0) }
    }

    /// Whether the item is overdue at `now` (an item due today is not overdue until the day is over).
    public func isOverdue(at now: Timestamp) -> Bool { now >= deadline }

    static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        return b.enumerated().allSatisfy { i, c in i == 4 || i == 7 || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) }
    }
}
