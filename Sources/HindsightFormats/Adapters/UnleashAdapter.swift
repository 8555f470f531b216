import Hindsight

/// Reads Unleash webhook events (the default body is the Unleash event) and the admin events API's
/// responses (`{"version": 1, "events": [...]}`, one event at a time): a flag enabled or disabled in an
/// environment, or its strategies (targeting) or variants changed, is a `release` with the flag name
/// as `version`; other events (created, tagged, stale, …) are skipped.
package struct UnleashAdapter: PayloadAdapter {
    package var format: InputFormat { .unleash }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    static let exposing: [String: String] = [
        "feature-environment-enabled": "enabled", "feature-environment-disabled": "disabled",
        "feature-strategy-add": "targeting added", "feature-strategy-update": "targeting changed",
        "feature-strategy-remove": "targeting removed", "feature-variants-updated": "variants changed",
        "feature-environment-variants-updated": "variants changed", "feature-updated": "updated",
        "feature-archived": "archived", "feature-revived": "revived",
    ]

    /// Whether `v` is one Unleash event: a `feature-…` type (or a flag name), when and by whom.
    static func isEvent(_ v: JSONValue) -> Bool {
        (v["type"]?.stringValue?.hasPrefix("feature-") == true || v["featureName"] != nil)
            && v["createdAt"] != nil && (v["createdBy"] != nil || v["createdByUserId"] != nil)
    }

    /// Whether `v` is a response of the admin events API: its `events`, with the API's `version` or `toggleName`.
    static func isEventList(_ v: JSONValue) -> Bool {
        guard let events = v["events"]?.arrayValue, v["version"] != nil || v["toggleName"] != nil else { return false }
        return events.first.map(isEvent) ?? (v.objectValue?.count == 2)
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        if let events = p["events"]?.arrayValue, p["type"] == nil {
            return events.indices.flatMap { i in event(p.child("events[\(i)]")!) }
        }
        return event(p)
    }

    /// One Unleash event.
    func event(_ p: Payload) -> [DecodedRecord] {
        do {
            let type = try p.requiredString("type", "an Unleash event names its type")
            guard let what = Self.exposing[type] else {
                return [.skipped(p.location, reason: "Unleash event \(type) does not change what users are served")]
            }
            let flag = try p.string("featureName") ?? p.string("data.name")
            guard let flag else { throw p.issue("featureName", "is missing; Hindsight uses the flag name as the version") }
            var d = EventDraft()
            d.set("kind", EventKind.release.rawValue)
            d.set("time", try p.requiredInstant("createdAt", "an Unleash event says when it happened").text, from: p.fullPath("createdAt"))
            if let id = try p.text("id") { d.set("id", "unleash:\(id)") }
            d.set("service", try p.string("project") ?? "default", from: p.fullPath("project"))
            d.set("environment", try p.string("environment"), from: p.fullPath("environment"))
            d.set("version", flag)
            d.set("summary", "flag \(flag) \(what)\(try p.string("environment").map { " in \($0)" } ?? "")")
            d.set("actor", try p.string("createdBy"))
            d.set("source", "unleash")
            d.setAttributes([("type", .string(type)), ("data", p["data"]), ("preData", p["preData"])])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
