import Hindsight

/// Reads Alertmanager webhooks (version 4) and Grafana's compatible webhook: each alert of the
/// group becomes an `alert` event, firing at `startsAt` or resolved at `endsAt`.
public struct AlertmanagerAdapter: PayloadAdapter {
    public var format: InputFormat { .alertmanager }
    /// The labels that name an alert's service, tried in order.
    public var serviceLabels: [String]

    public init(serviceLabels: [String] = AdapterOptions.defaultServiceLabels) {
        self.serviceLabels = serviceLabels.isEmpty ? AdapterOptions.defaultServiceLabels : serviceLabels
    }

    public func records(from p: Payload) -> [DecodedRecord] {
        guard let alerts = p["alerts"]?.arrayValue else {
            return [.invalid(p.issue("alerts", "is missing; an Alertmanager webhook carries its alerts in an 'alerts' array"))]
        }
        // Grafana's webhook adds these to Alertmanager's; the source says which system fired.
        let grafana = p["orgId"] != nil || p["state"] != nil || p["title"] != nil
        return alerts.indices.map { i in
            record(p.child("alerts[\(i)]")!, source: grafana ? "grafana" : "alertmanager")
        }
    }

    func record(_ a: Payload, source: String) -> DecodedRecord {
        do {
            let status = try a.requiredString("status", "an alert is firing or resolved")
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
            guard let serviceLabel = serviceLabels.first(where: { label($0) != nil }) else {
                throw a.issue("labels", "has none of the labels \(serviceLabels.joined(separator: ", ")) that name the service; "
                    + "add one to the alert rule, or pass --service-label NAME for the label your alerts use")
            }

            var d = EventDraft()
            d.set("kind", EventKind.alert.rawValue)
            let at: (text: String, time: Timestamp)
            switch status {
            case "firing":
                at = try a.requiredInstant("startsAt", "a firing alert says when it started")
                d.set("time", at.text, from: a.fullPath("startsAt"))
            case "resolved":
                guard let end = try a.instant("endsAt"), !Self.isZero(end.text) else {
                    throw a.issue("endsAt", "is missing or zero; a resolved alert says when it resolved (Hindsight never guesses when something happened)")
                }
                at = end
                d.set("time", end.text, from: a.fullPath("endsAt"))
            default:
                throw a.issue("status", "is '\(status)'; an Alertmanager alert is 'firing' or 'resolved'")
            }
            d.set("status", status)
            if let fingerprint = try a.string("fingerprint") {
                d.set("id", "alertmanager:\(fingerprint):\(status):\(at.time.rfc3339)")
            }
            d.set("service", label(serviceLabel), from: a.fullPath("labels.\(serviceLabel)"))
            d.set("environment", label("environment") ?? label("env"))
            d.set("summary", try a.string("annotations.summary") ?? a.string("annotations.description") ?? label("alertname"))
            d.set("severity", label("severity"))
            d.set("host", label("instance"))
            d.set("url", try a.string("generatorURL"))
            d.set("source", source)
            if !labels.isEmpty { d.set("labels", json: .object(labels), from: a.fullPath("labels")) }
            d.setAttributes([
                ("annotations", a["annotations"]),
                ("startsAt", status == "resolved" ? a["startsAt"] : nil),
            ])
            return d.record(at: a.location, format: format)
        } catch {
            return .invalid(a.issue(from: error))
        }
    }

    /// Go's zero time, which Alertmanager sends as the `endsAt` of an alert still firing.
    static func isZero(_ text: String) -> Bool { text.hasPrefix("0001-01-01") }
}
