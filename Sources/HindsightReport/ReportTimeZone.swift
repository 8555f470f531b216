import Foundation
import Hindsight

/// The zone a report shows times in: every time carries the zone's name and its offset at that instant.
package struct ReportTimeZone: Sendable {
    package let zone: TimeZone
    /// The name as asked for (`UTC`, `Europe/Berlin`).
    package let name: String
    let isUTC: Bool

    package static let utc = ReportTimeZone(zone: TimeZone(secondsFromGMT: 0)!, name: "UTC", isUTC: true)

    init(zone: TimeZone, name: String, isUTC: Bool) {
        self.zone = zone
        self.name = name
        self.isUTC = isUTC
    }

    /// An IANA zone name; `UTC`, `Z` and `GMT` mean UTC.
    package init(named name: String) throws(ReportError) {
        let trimmed = name.trimming(" ")
        if ["utc", "z", "gmt", "etc/utc", "etc/gmt"].contains(trimmed.lowercased()) {
            self = .utc
            return
        }
        // Foundation also accepts abbreviations such as "PST" whose meaning shifts, and offsets such as "GMT+2";
        // only the system tz database's region names are stable.
        guard trimmed.contains("/"), Self.known.contains(trimmed), let zone = TimeZone(identifier: trimmed) else { throw .unknownTimeZone(name) }
        self.init(zone: zone, name: zone.identifier, isUTC: false)
    }

    /// The region names of the system's tz database (`Europe/Berlin`), sorted.
    package static let names: [String] = TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.sorted()
    static let known = Set(names)

    /// Offset from UTC at `t`, in minutes (daylight saving included).
    package func offsetMinutes(at t: Timestamp) -> Int {
        isUTC ? 0 : zone.secondsFromGMT(for: Self.date(t)) / 60
    }

    /// `UTC`, or the zone's abbreviation at `t` with its offset: `CEST (+02:00)`; `UTC+09:00` where no abbreviation is in common use.
    package func label(at t: Timestamp) -> String {
        if isUTC { return "UTC" }
        let offset = offsetMinutes(at: t)
        let sign = offset < 0 ? "-" : "+"
        let hhmm = sign + Self.pad(abs(offset) / 60) + ":" + Self.pad(abs(offset) % 60)
        if let abbreviation = abbreviation(at: t) { return "\(abbreviation) (\(hhmm))" }
        return "UTC" + hhmm
    }

    /// `2024-07-19 04:09 UTC`, `2024-07-19 06:09 CEST (+02:00)`.
    package func dateTime(_ t: Timestamp) -> String { "\(date(t)) \(clock(t)) \(label(at: t))" }

    /// `06:09 CEST (+02:00)`.
    package func timeWithZone(_ t: Timestamp) -> String { "\(clock(t)) \(label(at: t))" }

    /// `2024-07-19` in the zone.
    package func date(_ t: Timestamp) -> String {
        let c = t.components(offsetMinutes: offsetMinutes(at: t))
        return "\(c.year)-\(Self.pad(c.month))-\(Self.pad(c.day))"
    }

    /// `06:09` in the zone (minutes: post-mortems read in minutes; exact times stay in the store).
    package func clock(_ t: Timestamp) -> String {
        let c = t.components(offsetMinutes: offsetMinutes(at: t))
        return "\(Self.pad(c.hour)):\(Self.pad(c.minute))"
    }

    /// `04:10–05:27`, with dates when the ends fall on different days.
    package func range(_ a: Timestamp, _ b: Timestamp) -> String {
        if a == b { return clock(a) }
        if date(a) == date(b) { return "\(clock(a))–\(clock(b))" }
        return "\(date(a)) \(clock(a))–\(date(b)) \(clock(b))"
    }

    func abbreviation(at t: Timestamp) -> String? {
        let d = Self.date(t)
        let style: NSTimeZone.NameStyle = zone.isDaylightSavingTime(for: d) ? .shortDaylightSaving : .shortStandard
        // ICU keeps the common abbreviations per region's English locale (CEST in en_GB, EDT in en_US, IST in en_IN).
        for locale in ["en_US", "en_GB", "en_AU", "en_IN", "en_NZ", "en_ZA", "en_CA", "en_IE"] {
            if let name = zone.localizedName(for: style, locale: Locale(identifier: locale)),
                !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-"), !name.hasPrefix("UTC"), !name.isEmpty
            {
                return name
            }
        }
        return nil
    }

    static func date(_ t: Timestamp) -> Date { Date(timeIntervalSince1970: Double(t.milliseconds) / 1000) }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
