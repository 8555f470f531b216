import Hindsight

/// One incident's stored summary: the `analyze --json` text under the default options and the columns
/// that lists filter and sort on, all taken from that one analysis.
package struct IncidentSummary: Sendable, Equatable {
    package var incident: String
    package var json: String
    /// When the incident happened for ordering and `--since`/`--until`: impact start, else detection,
    /// mitigation or resolution (as `review` places it); `unknownTime` when none is known.
    package var sortTime: Int64
    package var impactStart: Int64?
    package var services: [String]
    package var severity: String?
    package var severityRank: Int
    package var status: String?
    package var triggerKind: String?
    package var hasTrigger: Bool
    package var customersFirst: Bool
    /// Lowercased id, title, services and trigger id, which `--search` looks in.
    package var search: String

    /// Sorts after every real time, so incidents with no known time come last, newest first.
    package static let unknownTime: Int64 = -(1 << 62)

    package init(_ a: IncidentAnalysis) {
        incident = a.incident
        json = a.json
        let anchor = a.impactStart ?? a.detectedAt ?? a.mitigatedAt ?? a.resolvedAt
        sortTime = anchor?.milliseconds ?? Self.unknownTime
        impactStart = a.impactStart?.milliseconds
        services = a.services
        severity = a.severity
        severityRank = SeverityRank.of(a.severity)
        status = a.status
        triggerKind = a.trigger?.change.kind.rawValue
        hasTrigger = a.trigger != nil
        customersFirst = a.detectedExternallyFirst == true
        search = ([a.incident, a.title ?? ""] + a.services + [a.trigger?.change.id ?? ""]).joined(separator: "\n").lowercased()
    }

    /// `\u{1F}a\u{1F}b\u{1F}`: one service is the `LIKE` pattern `%\u{1F}a\u{1F}%`.
    var servicesColumn: String { services.isEmpty ? "" : "\u{1F}" + services.joined(separator: "\u{1F}") + "\u{1F}" }
}
