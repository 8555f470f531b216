import Hindsight

/// Reads Unleash webhook events (the default body is the Unleash event): a flag enabled or disabled
/// in an environment, or its strategies (targeting) or variants changed, is a `release` with the
/// flag name as `version`; other events (created, tagged, stale, …) are skipped.
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

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let type = try p.requiredString("type", "an Unleash event names its type")
            guard let what = Self.exposing[type] else {
                return [.skipped(p.location, reason: "Unleash event \(type) does not change what users are served")]
            }
            let flag = try p.string("featureName") ?? p.string("data.name")
            guard let flag else { throw p.issue("featureName", "is missing; Hindsight uses the flag name as the version") }
            var d = EventDraft()
            d.set("kind", EventKind.release.rawValue)
            d.set("time", try p.requiredInstant("createdAt", "an Unleash event says when it happened").text, from: "createdAt")
            if let id = try p.text("id") { d.set("id", "unleash:\(id)") }
            d.set("service", try p.string("project") ?? "default", from: "project")
            d.set("environment", try p.string("environment"), from: "environment")
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
