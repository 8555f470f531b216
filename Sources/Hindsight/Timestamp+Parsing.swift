/// Why a text is not an RFC 3339 instant; the message says what to write instead.
public enum TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case missingOffset(String)
    case outOfRange(String, component: String)

    public var description: String {
        switch self {
        case .malformed(let t):
            "'\(t)' is not an RFC 3339 time; write it like 2024-07-19T04:09:00Z"
        case .missingOffset(let t):
            "'\(t)' has no UTC offset; add 'Z' or an offset such as '+02:00' (Hindsight never guesses a time zone)"
        case .outOfRange(let t, let component):
            "'\(t)' has an impossible \(component)"
        }
    }
}

extension Timestamp {
    /// Parses RFC 3339 (`T`, `t` or a space between date and time; `Z`, `±HH:MM` or `±HHMM`).
    /// Digits past milliseconds are truncated.
    public static func parse(_ text: String) -> Result<Timestamp, TimestampError> {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0, text: text) }
    }

    /// Whether `text` begins as a date does (`2024-07-19…`): a text that may be a time or an id, and
    /// that does not parse, was meant as a time when it looks like one.
    package static func looksLikeTime(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(8))
        return b.count == 8 && b[0..<4].allSatisfy { $0 >= 48 && $0 <= 57 } && b[4] == UInt8(ascii: "-")
            && b[5...6].allSatisfy { $0 >= 48 && $0 <= 57 } && b[7] == UInt8(ascii: "-")
    }

    package static func parse(bytes b: UnsafeBufferPointer<UInt8>, text: @autoclosure () -> String) -> Result<Timestamp, TimestampError> {
        let n = b.count
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= n else { return nil }
            var v = 0
            for i in at..<(at + count) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard n >= 19,
            let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
            let day = digits(8, 2),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return .failure(.malformed(text())) }
        var i = 19
        var millis = 0
        if i < n && b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n && b[i] >= 48 && b[i] <= 57 {
                if i - start < 3 { millis = millis * 10 + Int(b[i] - 48) }
                i += 1
            }
            if i == start { return .failure(.malformed(text())) }
            for _ in 0..<max(0, 3 - (i - start)) { millis *= 10 }
        }
        guard i < n else { return .failure(.missingOffset(text())) }
        var offsetMinutes = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2) else { return .failure(.malformed(text())) }
            var om: Int?
            if i + 3 < n && b[i + 3] == UInt8(ascii: ":") {
                om = digits(i + 4, 2)
                i += 6
            } else {
                om = digits(i + 3, 2)
                i += 5
            }
            guard let om, oh < 24, om < 60 else { return .failure(.malformed(text())) }
            offsetMinutes = sign * (oh * 60 + om)
        default:
            return .failure(.malformed(text()))
        }
        guard i == n else { return .failure(.malformed(text())) }
        guard (1...12).contains(month) else { return .failure(.outOfRange(text(), component: "month")) }
        guard day >= 1 && day <= daysIn(month: month, year: year) else { return .failure(.outOfRange(text(), component: "day")) }
        guard hour < 24 else { return .failure(.outOfRange(text(), component: "hour")) }
        guard minute < 60 else { return .failure(.outOfRange(text(), component: "minute")) }
        guard second <= 60 else { return .failure(.outOfRange(text(), component: "second")) }
        // A leap second (:60) is kept inside its minute.
        let sec = min(second, 59)
        let days = Timestamp.days(year: year, month: month, day: day)
        let total = ((days * 24 + Int64(hour)) * 60 + Int64(minute) - Int64(offsetMinutes)) * 60 + Int64(sec)
        return .success(Timestamp(milliseconds: total * 1000 + Int64(millis)))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
