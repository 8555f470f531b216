import Hindsight

/// Reads LaunchDarkly webhooks (audit-log entries): a change to a flag's serving — turned on or off,
/// its targeting, rules, rollout or fallthrough — is a `release` with the flag key as `version`.
/// Other entries (members, projects, environments, a flag's name or description) are skipped.
package struct LaunchDarklyAdapter: PayloadAdapter {
    package var format: InputFormat { .launchdarkly }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Audit-log actions that change who is served what.
    static let servingActions: Set<String> = [
        "updateOn", "updateFallthrough", "updateOffVariation", "updateRules", "updateTargets", "updateContextTargets",
        "updatePrerequisites", "updateFallthroughWithMeasuredRollout", "updateRulesWithMeasuredRollout", "updateScheduledChanges",
        "updateTrackEvents", "copyFlagConfigFrom", "copyFlagConfigTo", "updateExpiringTargets", "applyApprovalRequest",
        "createFlag", "deleteFlag", "archiveFlag", "updateFlagVariations",
    ]

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let kind = try p.requiredString("kind", "a LaunchDarkly audit-log entry names the kind of resource")
            guard kind == "flag" else {
                return [.skipped(p.location, reason: "LaunchDarkly \(kind) changes do not change what users are served")]
            }
            let actions = (p["accesses"]?.arrayValue ?? []).compactMap { $0["action"]?.stringValue }
            guard let action = actions.first(where: Self.servingActions.contains) else {
                return [.skipped(p.location, reason: "LaunchDarkly flag change (\(actions.joined(separator: ", "))) does not change what users are served")]
            }
            // `proj/PROJECT:env/ENV:flag/KEY` names where the change applies.
            let resource =
                (p["accesses"]?.arrayValue ?? []).compactMap { $0["resource"]?.stringValue }.first
                ?? p["target.resources"]?.arrayValue?.first?.stringValue ?? ""
            var parts: [String: String] = [:]
            for segment in resource.split(separator: ":") {
                let pair = segment.split(separator: "/", maxSplits: 1)
                if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
            }
            let key = try p.string("currentVersion.key") ?? parts["flag"] ?? p.string("target.name")
            guard let key else { throw p.issue("target.resources", "names no flag (flag/KEY); Hindsight uses the flag key as the version") }
            var d = EventDraft()
            d.set("kind", EventKind.release.rawValue)
            guard let at = try p.epochInstant("date") else {
                throw p.issue("date", "is missing; an audit-log entry says when the change was made (Hindsight never guesses when something happened)")
            }
            d.set("time", at.rfc3339, from: "date")
            if let id = try p.string("_id") { d.set("id", "launchdarkly:\(id)") }
            d.set("service", parts["proj"] ?? AdapterOptions.unknownService)
            d.set("environment", parts["env"])
            d.set("version", key)
            let who = [try p.string("member.firstName"), try p.string("member.lastName")].compactMap { $0 }.joined(separator: " ")
            d.set("actor", try p.string("member.email") ?? (who.isEmpty ? nil : who))
            // `titleVerb` reads "turned on the flag", "changed the targeting rules of", …
            let verb = try p.string("titleVerb") ?? "\(action) on flag"
            d.set("summary", "\(who.isEmpty ? "someone" : who) \(verb) \(key)")
            d.set("url", try p.string("_links.site.href").map { $0.hasPrefix("/") ? "https://app.launchdarkly.com" + $0 : $0 })
            d.set("source", "launchdarkly")
            d.setAttributes([
                ("actions", .array(actions.map(JSONValue.string))), ("description", p["description"]),
                ("on", p["currentVersion.environments.\(parts["env"] ?? "-").on"]),
            ])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
