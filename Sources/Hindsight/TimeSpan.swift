/// A length of time in milliseconds, written the way engineers write it: `90s`, `30m`, `6h`, `7d`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func seconds(_ s: Int64) -> TimeSpan { TimeSpan(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> TimeSpan { .seconds(m * 60) }
    public static func hours(_ h: Int64) -> TimeSpan { .seconds(h * 3600) }
    public static func days(_ d: Int64) -> TimeSpan { .seconds(d * 86_400) }

    public var seconds: Int64 { milliseconds / 1000 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Parses `90s`, `30m`, `6h`, `7d`, `500ms` and compounds such as `1h30m`.
    public static func parse(_ text: String) -> TimeSpan? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000)]
        var rest = Substring(text.trimming(" "))
        guard !rest.isEmpty else { return nil }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.1)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { return nil }
            total = sum
        }
        return TimeSpan(milliseconds: total)
    }

    /// Short human form: `45s`, `12m`, `1h 18m`, `2d 3h`; sub-second spans as `0s`.
    public var description: String {
        let negative = milliseconds < 0
        var s = abs(milliseconds) / 1000
        let d = s / 86_400
        s %= 86_400
        let h = s / 3600
        s %= 3600
        let m = s / 60
        s %= 60
        let text: String
        if d > 0 {
            text = h > 0 ? "\(d)d \(h)h" : "\(d)d"
        } else if h > 0 {
            text = m > 0 ? "\(h)h \(m)m" : "\(h)h"
        } else if m > 0 {
            text = s > 0 ? "\(m)m \(s)s" : "\(m)m"
        } else {
            text = "\(s)s"
        }
        return negative ? "-" + text : text
    }
}

extension String {
    /// The string without leading and trailing `char`s.
    public func trimming(_ char: Character) -> String {
        var s = Substring(self)
        while s.first == char { s.removeFirst() }
        while s.last == char { s.removeLast() }
        return String(s)
    }
}
