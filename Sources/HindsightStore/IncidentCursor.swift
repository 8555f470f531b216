import Foundation

/// Where a page of incidents ended: the last row's sort time and id, printed as opaque base64url text
/// that the next request passes back (`--after`, `after=`) to read on from there.
package struct IncidentCursor: Sendable, Equatable {
    package var sortTime: Int64
    package var incident: String

    package init(sortTime: Int64, incident: String) {
        self.sortTime = sortTime
        self.incident = incident
    }

    package init(_ summary: IncidentSummary) {
        self.init(sortTime: summary.sortTime, incident: summary.incident)
    }

    /// Reads a cursor's text; nil when it is not one this build printed.
    package init?(text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let separator = decoded.firstIndex(of: "\n"), decoded.hasPrefix("1:"),
            let time = Int64(decoded[decoded.index(decoded.startIndex, offsetBy: 2)..<separator])
        else { return nil }
        self.init(sortTime: time, incident: String(decoded[decoded.index(after: separator)...]))
    }

    /// `1:<sort time>\n<incident>` in base64url without padding.
    package var text: String {
        Data("1:\(sortTime)\n\(incident)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
