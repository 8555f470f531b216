import Hindsight

extension Payload {
    /// A time written as GitLab and Ruby write it (`2021-04-28 21:50:00 +0200`, `2021-02-25 21:23:34 UTC`)
    /// or as RFC 3339; `nil` when absent. The zone is required, as everywhere in Hindsight.
    package func spacedInstant(_ relative: String) throws(IngestIssue) -> (text: String, time: Timestamp)? {
        guard let raw = try string(relative) else { return nil }
        var text = raw
        if text.count > 19, text.dropFirst(10).first == " " {
            let date = text.prefix(10)
            let rest = text.dropFirst(11)
            var clock = String(rest.prefix { $0 != " " })
            var zone = String(rest.dropFirst(clock.count)).trimmingSpaces
            if zone == "UTC" || zone == "GMT" { zone = "Z" }
            if clock.hasSuffix("Z") {
                clock.removeLast()
                zone = "Z"
            }
            text = "\(date)T\(clock)\(zone)"
        }
        switch Timestamp.parse(text) {
        case .success(let t): return (t.rfc3339, t)
        case .failure(let e): throw issue(relative, "'\(raw)': \(e.description)")
        }
    }

    /// A time given as a number of milliseconds since 1970 (nanoseconds when it is that large), as
    /// Opsgenie and LaunchDarkly send it; `nil` when absent.
    package func epochInstant(_ relative: String) throws(IngestIssue) -> Timestamp? {
        guard let v = self[relative] else { return nil }
        guard case .number(let n) = v, let value = Double(n) else {
            throw issue(relative, "must be a number of milliseconds since 1970, not \(v.typeName)")
        }
        // Opsgenie's updatedAt is in nanoseconds; a millisecond count stays below 1e14 until the year 5138.
        let millis = value > 1e14 ? value / 1e6 : value
        return Timestamp(milliseconds: Int64(millis.rounded(.down)))
    }

    /// A time given as RFC 3339 text, or as a count since 1970 in a number or a string of digits, as
    /// Datadog (`"1591216985000"`), Rollbar and New Relic send it: seconds below 10^11 (until the year
    /// 5138), milliseconds above; `nil` when absent.
    package func flexibleInstant(_ relative: String) throws(IngestIssue) -> (text: String, time: Timestamp)? {
        guard let v = self[relative] else { return nil }
        let digits: String
        switch v {
        case .number(let n): digits = n
        case .string(let s) where !s.isEmpty && s.allSatisfy(\.isASCII) && s.allSatisfy({ $0.isNumber || $0 == "." }):
            digits = s
        case .string(let s) where s.isEmpty: return nil
        case .string: return try instant(relative)
        default: throw issue(relative, "must be a time (RFC 3339, or seconds or milliseconds since 1970), not \(v.typeName)")
        }
        guard let value = Double(digits), value >= 0 else { throw issue(relative, "'\(digits)' is not a time since 1970") }
        let millis = value < 1e11 ? value * 1000 : value > 1e14 ? value / 1e6 : value
        let t = Timestamp(milliseconds: Int64(millis.rounded(.down)))
        return (t.rfc3339, t)
    }
}
