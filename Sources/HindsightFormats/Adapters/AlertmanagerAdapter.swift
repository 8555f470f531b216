import Hindsight

/// Reads Alertmanager webhooks (version 4) and Grafana's compatible webhook: each alert of the
/// group becomes an `alert` event at its `startsAt`, with `end` = `endsAt` once resolved.
package struct AlertmanagerAdapter: PayloadAdapter {
    package var format: InputFormat { .alertmanager }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        if p["alerts"] == nil, p["ruleName"] != nil { return legacyGrafana(p) }
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
            // Alertmanager sends the zero time as the end of a resolved alert when it does not know it:
            // the alert is still resolved, with no end rather than a guessed one.
            if status == "resolved", let ends, ends.time > starts.time { d.set("end", ends.text, from: a.fullPath("endsAt")) }
            if let fingerprint = try a.string("fingerprint") {
                d.set("id", "alertmanager:\(fingerprint):\(status):\(starts.time.rfc3339)")
            }
            if let (rule, service) = options.serviceRules.lazy.compactMap({ r in r.service(from: label).map { (r, $0) } }).first {
                let origin: String
                switch rule {
                case .label(let n), .hostOf(let n): origin = a.fullPath("labels.\(n)")
                }
                d.set("service", service, from: origin)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(.warning(Self.unmatched(a, labels: labels.map(\.key), rules: options.serviceRules)))
            }
            d.set("environment", label("environment") ?? label("env"))
            d.set(
                "summary",
                try a.string("annotations.summary") ?? a.string("annotations.description")
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

    /// Grafana's legacy alerting webhook (before Grafana 8; `ruleName`, `state`, `evalMatches`): one
    /// alert per notification, `alerting`/`no_data` firing and `ok` resolved, with no time in it — the
    /// receipt time, or invalid with the reason. Its `tags` are the labels the service rules read.
    func legacyGrafana(_ p: Payload) -> [DecodedRecord] {
        do {
            let state = try p.requiredString("state", "a Grafana alert has a state")
            let status: String
            switch state {
            case "alerting", "no_data": status = "firing"
            case "ok": status = "resolved"
            default: return [.skipped(p.location, reason: "Grafana alert state '\(state)' is not firing or resolved")]
            }
            guard let received = options.receivedAt else {
                throw p.timeMissing(nil, "Grafana's legacy alert webhook carries no time")
            }
            var tags: [JSONMember] = []
            for m in p.members("tags") { if case .string = m.value { tags.append(m) } }
            func tag(_ name: String) -> String? { tags.first { $0.key == name }?.value.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.alert.rawValue)
            d.set("status", status)
            d.set("time", received.rfc3339)
            let rule = try p.requiredString("ruleName", "a Grafana alert names its rule")
            let key = [try p.text("orgId"), try p.text("dashboardId"), try p.text("panelId"), try p.text("ruleId")].map { $0 ?? "-" }.joined(separator: ":")
            d.set("id", "grafana:\(key):\(status):\(received.rfc3339)")
            if let service = options.serviceRules.lazy.compactMap({ $0.service(from: tag) }).first {
                d.set("service", service)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(.warning(Self.unmatched(p, field: "tags", labels: tags.map(\.key), rules: options.serviceRules)))
            }
            d.set("summary", try p.string("title") ?? rule)
            d.set("severity", tag("severity"))
            d.set("url", try p.string("ruleUrl"))
            d.set("source", "grafana")
            if !tags.isEmpty { d.set("labels", json: .object(tags), from: "tags") }
            d.setAttributes([
                ("rule", .string(rule)), ("state", .string(state)), ("message", p["message"]),
                ("evalMatches", p["evalMatches"]), ("time_source", .string("received")),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// The warning of an alert no rule names the service of: the labels it has, the rule to add.
    static func unmatched(_ a: Payload, field: String = "labels", labels: [String], rules: [ServiceRule]) -> IngestIssue {
        let tried = rules.map(\.description).joined(separator: ", ")
        let have = labels.isEmpty ? "no labels" : "the labels " + labels.joined(separator: ", ")
        let suggestion = labels.first { $0 != "alertname" && $0 != "severity" } ?? labels.first ?? "service"
        var issue = a.issue(
            field,
            "has \(have), none of which a service rule names (\(tried)); stored on the service '\(AdapterOptions.unknownService)'. "
                + "Add the label naming the service to the alert rule, or add a rule such as \"\(suggestion)\" to labels under [services] in hindsight.toml")
        issue.cause = .noServiceLabel
        return issue
    }

    /// Go's zero time, which Alertmanager sends as the `endsAt` of an alert still firing (and of a resolved one whose end it does not know).
    static func isZero(_ text: String) -> Bool { text.hasPrefix("0001-01-01") }
}
