import Hindsight

/// Reads Alertmanager webhooks (version 4) and Grafana's compatible webhook: each alert of the
/// group becomes an `alert` event at its `startsAt`, with `end` = `endsAt` once resolved.
public struct AlertmanagerAdapter: PayloadAdapter {
    public var format: InputFormat { .alertmanager }
    public let options: AdapterOptions

    public init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    public func records(from p: Payload) -> [DecodedRecord] {
        guard let alerts = p["alerts"]?.arrayValue else {
            return [.invalid(p.issue("alerts", "is missing; an Alertmanager webhook carries its alerts in an 'alerts' array"))]
        }
        // The group's status stands in for an alert's own (some senders leave it out).
        let groupStatus = try? p.string("status")
        return alerts.indices.flatMap { i in alert(p.child("alerts[\(i)]")!, groupStatus: groupStatus) }
    }

    /// One alert of a group, on its own (the streaming reader hands them over one at a time).
    /// One bad alert is one invalid record: it never blocks the others of its group.
    func alert(_ a: Payload, groupStatus: String? = nil) -> [DecodedRecord] {
        do {
            var labels: [JSONMember] = []
            for m in a.members("labels") {
                guard case .string = m.value else {
                    throw a.issue("labels.\(m.key)", "must be a string, not \(m.value.typeName)")
                }
                labels.append(m)
            }
            func label(_ name: String) -> String? {
                labels.first { $0.key == name }?.value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            }
            let starts = try a.requiredInstant("startsAt", "an alert says when it started firing")
            let ends = try a.instant("endsAt").flatMap { Self.isZero($0.text) ? nil : $0 }
            let status: String
            if let s = try a.string("status") ?? groupStatus {
                guard s == "firing" || s == "resolved" else {
                    throw a.issue("status", "is '\(s)'; an Alertmanager alert is 'firing' or 'resolved'")
                }
                status = s
            } else {
                status = "firing"
            }
            // Grafana's alerts carry these; the source says which system fired.
            let grafana = ["silenceURL", "dashboardURL", "panelURL", "valueString", "values"].contains { a[$0] != nil }

            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.alert.rawValue)
            d.set("time", starts.text, from: a.fullPath("startsAt"))
            d.set("status", status)
            if status == "resolved" {
                guard let ends else {
                    throw a.issue("endsAt", "is missing or zero; a resolved alert says when it resolved (Hindsight never guesses when something happened)")
                }
                if ends.time > starts.time { d.set("end", ends.text, from: a.fullPath("endsAt")) }
            }
            if let fingerprint = try a.string("fingerprint") {
                d.set("id", "alertmanager:\(fingerprint):\(status):\(starts.time.rfc3339)")
            }
            if let (rule, service) = options.serviceRules.lazy.compactMap({ r in r.service(from: label).map { (r, $0) } }).first {
                let origin: String
                switch rule { case .label(let n), .hostOf(let n): origin = a.fullPath("labels.\(n)") }
                d.set("service", service, from: origin)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(.warning(Self.unmatched(a, labels: labels.map(\.key), rules: options.serviceRules)))
            }
            d.set("environment", label("environment") ?? label("env"))
            d.set("summary", try a.string("annotations.summary") ?? a.string("annotations.description")
                ?? a.string("annotations.message") ?? label("alertname"))
            d.set("severity", label("severity"))
            d.set("host", label("instance"))
            d.set("url", try a.string("generatorURL"))
            d.set("source", grafana ? "grafana" : "alertmanager")
            if !labels.isEmpty { d.set("labels", json: .object(labels), from: a.fullPath("labels")) }
            d.setAttributes([
                ("annotations", a["annotations"]),
                ("valueString", a["valueString"]),
            ])
            out.append(d.record(at: a.location, format: format))
            return out
        } catch {
            return [.invalid(a.issue(from: error))]
        }
    }

    /// The warning of an alert no rule names the service of: the labels it has, the rule to add.
    static func unmatched(_ a: Payload, labels: [String], rules: [ServiceRule]) -> IngestIssue {
        let tried = rules.map(\.description).joined(separator: ", ")
        let have = labels.isEmpty ? "no labels" : "the labels " + labels.joined(separator: ", ")
        let suggestion = labels.first { $0 != "alertname" && $0 != "severity" } ?? labels.first ?? "service"
        return a.issue("labels", "has \(have), none of which a service rule names (\(tried)); stored on the service '\(AdapterOptions.unknownService)'. "
            + "Add the label naming the service to the alert rule, or add a rule such as \"\(suggestion)\" to labels under [services] in hindsight.toml")
    }

    /// Go's zero time, which Alertmanager sends as the `endsAt` of an alert still firing.
    static func isZero(_ text: String) -> Bool { text.hasPrefix("0001-01-01") }
}
