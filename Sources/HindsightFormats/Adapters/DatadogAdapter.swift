import Hindsight

/// Reads Datadog monitor notifications sent by the Webhooks integration: its default payload (`title`,
/// `date`, `event_type`, `body`, `org`, `id`) and the variables teams add to it (`$ALERT_TRANSITION`,
/// `$TAGS`, `$HOSTNAME`, `$ALERT_PRIORITY`, `$LINK`, …). A triggered (warn, no data, re-triggered)
/// monitor is an `alert` firing, a recovered one the same alert resolved; the monitor's tags are the
/// labels, and its `service` tag (else the service rules) names the service.
package struct DatadogAdapter: PayloadAdapter {
    package var format: InputFormat { .datadog }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a Datadog notification: an `event_type` with the organisation or update time of
    /// the default payload, or an alert transition.
    static func detects(_ v: JSONValue) -> Bool {
        if v["service_key"] != nil || v["routing_key"] != nil { return false }
        if v["alert_transition"]?.stringValue != nil { return true }
        guard v["event_type"]?.stringValue != nil else { return false }
        return v["org"]?["id"] != nil || v["last_updated"] != nil || v["alert_id"] != nil
    }

    /// Datadog's transitions (`$ALERT_TRANSITION`, or the bracket its titles start with) and their status.
    static func status(ofTransition transition: String) -> String? {
        let t = transition.lowercased()
        if t.contains("recover") { return "resolved" }
        if ["triggered", "re-triggered", "retriggered", "warn", "re-warn", "no data", "renotify"].contains(t) { return "firing" }
        return nil
    }

    /// `[Triggered on {host:web-1}] CPU high` → ("Triggered", "host:web-1", "CPU high"); titles may start
    /// with a priority bracket too (`[P1] [Triggered] …`).
    static func splitTitle(_ title: String) -> (transition: String?, scope: String?, rest: String) {
        var rest = Substring(title)
        var transition: String?
        var scope: String?
        while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            let word = inside.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            if let on = inside.range(of: " on ") {
                let head = String(inside[..<on.lowerBound])
                guard status(ofTransition: head) != nil else { break }
                transition = head
                scope = String(inside[on.upperBound...]).trimmingCharacters("{}")
            } else if status(ofTransition: String(inside)) != nil {
                transition = String(inside)
            } else if !(word.hasPrefix("P") && word.dropFirst().allSatisfy(\.isNumber) && word.count <= 3) {
                break
            }
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        }
        return (transition, scope, String(rest))
    }

    /// Whether `text` is a monitor's priority (`P1` to `P5`), as `$ALERT_PRIORITY` and the titles' `[P1]` write it.
    static func isMonitorPriority(_ text: String) -> Bool {
        text.count == 2 && text.hasPrefix("P") && text.last.map { ("1"..."5").contains($0) } == true
    }

    /// `service:checkout,env:prod,monitor` (or an array of such) → the `key:value` pairs; bare tags dropped.
    static func tagPairs(_ value: JSONValue?) -> [(String, String)] {
        let items: [String]
        switch value {
        case .string(let s)?: items = s.split(separator: ",").map { String($0).trimmingSpaces }
        case .array(let a)?: items = a.compactMap(\.stringValue)
        default: items = []
        }
        return items.compactMap { tag in
            guard let colon = tag.firstIndex(of: ":"), colon != tag.startIndex else { return nil }
            let value = String(tag[tag.index(after: colon)...])
            return value.isEmpty ? nil : (String(tag[..<colon]), value)
        }
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let title = try p.string("title") ?? p.string("alert_title") ?? p.string("event_title")
            let split = title.map(Self.splitTitle)
            let transitionPath = p["alert_transition"] != nil ? "alert_transition" : "transition"
            let transition = try p.string(transitionPath) ?? split?.transition
            let status: String
            if let transition {
                guard let s = Self.status(ofTransition: transition) else {
                    return [
                        .skipped(
                            p.location,
                            reason: "Datadog transition '\(transition)' is not an alert state (Hindsight reads triggered, warn, no data and recovered)")
                    ]
                }
                status = s
            } else if let type = try p.string("alert_type") {
                // Without a transition, the event's alert type tells: success is a recovery.
                guard ["error", "warning", "success"].contains(type) else {
                    return [.skipped(p.location, reason: "Datadog alert type '\(type)' is not an alert state")]
                }
                status = type == "success" ? "resolved" : "firing"
            } else {
                throw p.issue(
                    "title",
                    "does not say whether the monitor triggered or recovered; add \"alert_transition\": \"$ALERT_TRANSITION\" to the webhook's payload")
            }

            var d = EventDraft()
            var out: [DecodedRecord] = []
            d.set("kind", EventKind.alert.rawValue)
            d.set("status", status)
            var received = false
            if let (path, at) = try ["date", "last_updated", "timestamp"].lazy.compactMap({ k in try p.flexibleInstant(k).map { (k, $0) } }).first {
                d.set("time", at.text, from: path)
            } else if let at = options.receivedAt {
                d.set("time", at.rfc3339)
                received = true
            } else {
                throw p.timeMissing("date", "is missing; a Datadog notification says when it happened in $DATE")
            }
            if let id = try p.text("id") ?? p.text("event_id") { d.set("id", "datadog:\(id)") }

            // Labels: the monitor's tags, then the scope it fired on (`{host:web-1}`), first value of a key wins.
            var labels: [JSONMember] = []
            let scope = try p.string("alert_scope") ?? split?.scope
            for (k, v) in Self.tagPairs(p["tags"]) + Self.tagPairs(p["event_tags"]) + Self.tagPairs(scope.map(JSONValue.string))
            where !labels.contains(where: { $0.key == k }) {
                labels.append(JSONMember(key: k, value: .string(v)))
            }
            func label(_ name: String) -> String? { labels.first { $0.key == name }?.value.stringValue }
            let tagsPath = p["event_tags"] != nil && p["tags"] == nil ? "event_tags" : "tags"
            if let service = options.serviceRules.lazy.compactMap({ $0.service(from: label) }).first {
                d.set("service", service, from: tagsPath)
            } else {
                d.set("service", AdapterOptions.unknownService)
                out.append(
                    .warning(
                        p.issue(
                            tagsPath,
                            "has no tag naming the service (\(options.serviceRules.map(\.description).joined(separator: ", "))); stored on the service "
                                + "'\(AdapterOptions.unknownService)'. Tag the monitor with service:NAME and add \"tags\": \"$TAGS\" to the webhook's payload"
                        )))
            }
            d.set("environment", label("env") ?? label("environment"))
            d.set("summary", split.map(\.rest).flatMap { $0.isEmpty ? nil : $0 } ?? title)
            // `$PRIORITY` is the event's (normal, low), not the monitor's: a `priority` field is its severity
            // only when a template filled it with `$ALERT_PRIORITY` (P1 to P5).
            d.set("severity", try p.string("alert_priority") ?? p.string("priority").flatMap { Self.isMonitorPriority($0) ? $0 : nil })
            d.set("host", try p.string("hostname") ?? label("host"))
            d.set("url", try p.string("link") ?? p.string("url") ?? p.string("event_url"))
            d.set("source", "datadog")
            if !labels.isEmpty { d.set("labels", json: .object(labels), from: tagsPath) }
            d.setAttributes([
                ("event_type", p["event_type"]), ("transition", transition.map(JSONValue.string)), ("monitor", p["alert_id"]),
                ("alert_cycle_key", p["alert_cycle_key"]), ("org", p["org.name"]), ("body", p["body"] ?? p["text_only_msg"]),
                ("time_source", received ? .string("received") : nil),
            ])
            out.append(d.record(at: p.location, format: format))
            return out
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
