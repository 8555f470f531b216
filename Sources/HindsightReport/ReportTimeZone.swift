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
        guard trimmed.contains("/"), Self.isKnown(trimmed), let zone = TimeZone(identifier: trimmed) else { throw .unknownTimeZone(name) }
        self.init(zone: zone, name: zone.identifier, isUTC: false)
    }

    /// The region names of the system's tz database (`Europe/Berlin`): its `zone1970.tab` and ICU's list, sorted.
    package static let names: [String] = {
        var names = Set(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") })
        for table in ["zone1970.tab", "zone.tab"] {
            guard let text = try? String(contentsOfFile: database + "/" + table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let columns = line.split(separator: "\t")
                if columns.count >= 3 { names.insert(String(columns[2])) }
            }
        }
        return names.filter { TimeZone(identifier: $0) != nil }.sorted()
    }()
    static let known = Set(names)
    static let database = "/usr/share/zoneinfo"

    /// Whether the system's tz database has the zone: listed, or a file of its folder (a link such as
    /// `Asia/Calcutta`); a name that could leave the folder is not.
    static func isKnown(_ name: String) -> Bool {
        if known.contains(name) { return true }
        guard !name.contains(".."), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_+-".contains($0)) }) else { return false }
        return FileManager.default.fileExists(atPath: database + "/" + name)
    }

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

    /// `text` with every RFC 3339 instant in it (`2024-07-19T04:09:00Z`, as the analysis writes them in
    /// its reasons and findings) shown as `dateTime`, so a report has one time format throughout.
    package func rewritingInstants(_ text: String) -> String {
        let b = Array(text.utf8)
        guard b.count >= 20, b.contains(UInt8(ascii: "T")) else { return text }
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        // An instant inside a word (an id such as `x2024-03-05T09:00:00Z`) is part of that word.
        func word(_ i: Int) -> Bool { digit(i) || (b[i] | 0x20 >= 0x61 && b[i] | 0x20 <= 0x7A) || b[i] == 0x5F || b[i] == 0x2D }
        func shape(_ i: Int) -> Bool {
            // dddd-dd-ddTdd:dd:dd
            let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            return i + 19 <= b.count && digits.allSatisfy { digit(i + $0) } && b[i + 4] == 0x2D && b[i + 7] == 0x2D
                && b[i + 10] == UInt8(ascii: "T") && b[i + 13] == 0x3A && b[i + 16] == 0x3A
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            guard i == 0 || !word(i - 1), shape(i) else {
                out.append(b[i])
                i += 1
                continue
            }
            var j = i + 19
            if j < b.count, b[j] == 0x2E {
                j += 1
                while digit(j) { j += 1 }
            }
            if j < b.count, b[j] == UInt8(ascii: "Z") {
                j += 1
            } else if j + 6 <= b.count, b[j] == 0x2B || b[j] == 0x2D, digit(j + 1), digit(j + 2), b[j + 3] == 0x3A, digit(j + 4), digit(j + 5) {
                j += 6
            } else {
                out.append(b[i])
                i += 1
                continue
            }
            guard case .success(let t) = Timestamp.parse(String(decoding: b[i..<j], as: UTF8.self)) else {
                out.append(b[i])
                i += 1
                continue
            }
            out += Array(dateTime(t).utf8)
            i = j
        }
        return String(decoding: out, as: UTF8.self)
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
