/// Everything a post-mortem template shows, already formatted and Markdown-escaped, so templates stay logic-less.
///
/// swift-mustache reads values through reflection, which sees stored properties only:
/// every value here is stored (no computed properties), and absent facts are `nil` so that
/// `{{#x}}…{{/x}}` and `{{^x}}…{{/x}}` sections can test them.
package struct PostmortemViewModel: Sendable {
    /// The incident id, escaped.
    package var incident: String
    /// `INC-1: BSOD`, escaped; `INC-1` when the incident has no title.
    package var heading: String
    /// The title as recorded, unescaped: for the HTML `<title>`, which is escaped separately.
    package var plainHeading: String
    package var title: String?
    package var severity: String?
    package var status: String?
    /// `` `checkout`, `payments` ``.
    package var services: String
    /// The zone times are shown in: `UTC`, `Europe/Berlin`.
    package var timeZone: String
    /// A paragraph of facts: what, when, how far, why, how it was detected and ended.
    package var summary: String
    package var impact: Impact
    package var detection: Detection
    package var trigger: Trigger?
    /// Why the correlator named no trigger.
    package var abstention: String?
    package var otherCandidates: [CandidateRow]
    package var hasOtherCandidates: Bool
    /// `12 more candidates: see hindsight analyze --json`.
    package var moreCandidates: String?
    package var latent: Latent?
    package var mitigation: Mitigation
    package var signals: [SignalRow]
    package var hasSignals: Bool
    package var timeline: [TimelineRow]
    /// `40 more events are in the store: hindsight events …`.
    package var timelineOmitted: String?
    /// The lines of a Mermaid flowchart of the key events (without the fence).
    package var mermaid: String
    package var findings: [FindingRow]
    package var wentWell: [String]
    package var wentWrong: [String]
    package var hasWentWell: Bool
    package var hasWentWrong: Bool
    /// Suggested action items from the findings that show a gap.
    package var actionItems: [String]
    /// The what-if sentence, when a `staged_rollout_whatif` finding is present.
    package var whatIf: String?
    /// The marker for sections people write themselves.
    package var toBeCompleted: String
    /// The short marker for a single fact the store does not know: `_to be completed_`.
    package var tbc: String
    /// Who wrote the review, who led the response and who took part.
    package var people: People
    /// What the incident cost: customers and reports, hosts, and the SLO budget when a target is configured.
    package var business: BusinessImpact
    /// Customer reports and status updates, oldest first.
    package var communications: [CommunicationRow]
    package var hasCommunications: Bool
    /// The team's verdict, notes and action items.
    package var team: Team

    /// The people of an incident, each `nil` when the events name nobody.
    package struct People: Sendable {
        /// Who gave verdicts, opened action items or wrote notes after resolution: `ana, bob`.
        package var authors: String?
        /// Who declared the incident (the actor of its first `declared` event).
        package var commander: String?
        /// Who acted during it: lifecycle events, notes and rollbacks up to resolution (the commander aside).
        package var responders: String?
    }

    /// The business impact, each fact `nil` when the store does not know it.
    package struct BusinessImpact: Sendable {
        /// `3 customers reported it` (distinct hosts of its external reports).
        package var customers: String?
        /// `5 external reports`.
        package var reports: String?
        /// `1,200 crashes on 40 hosts`.
        package var hosts: String?
        /// `57m of impact is 132% of the 30d error budget of 99.9% (43m 12s) on \`payments\`, counting every request in it as failed`.
        package var slo: String?
        /// Why there is no SLO figure: no target configured, or no known impact.
        package var sloMissing: String?
    }

    /// One message to or from outside: a customer report or a status update.
    package struct CommunicationRow: Sendable {
        package var time: String
        /// `customer report` or `status update`.
        package var channel: String
        package var text: String
    }

    /// Start, end, duration and blast radius.
    package struct Impact: Sendable {
        package var start: String
        package var end: String
        package var duration: String
        package var lastSignal: String?
        package var hosts: String
        package var crashes: String
        package var services: String
        package var regions: String
        /// `1,200 crashes on 2 hosts in 2 regions (eu, us)`, or `nil` without crash signals.
        package var blast: String?
        /// The trigger's exposure: `100% of the fleet`.
        package var exposure: String?
    }

    /// When and how it was detected, and whether customers noticed first.
    package struct Detection: Sendable {
        package var detectedAt: String
        package var detectedBy: String
        package var lag: String
        package var firstReport: String?
        /// A call-out sentence when customers reported it before any internal detection.
        package var customersFirst: String?
        /// A sentence when internal detection came first.
        package var internalFirst: String?
    }

    /// The change named as the trigger, with its evidence.
    package struct Trigger: Sendable {
        package var kind: String
        package var id: String
        package var service: String
        package var time: String
        package var version: String?
        /// The change's own summary (named so it cannot fall back to the incident summary in a template).
        package var changeSummary: String?
        package var url: String?
        package var actor: String?
        package var score: String
        package var exposure: String?
        package var reasons: [String]
        /// `` `r-1` (1%) → `r-2` (10%) `` for a staged rollout.
        package var rollout: String?
    }

    /// A candidate that was not chosen, for a table row (cells escaped for tables).
    package struct CandidateRow: Sendable {
        package var score: String
        package var time: String
        package var kind: String
        package var id: String
        package var service: String
        package var why: String
    }

    /// The deploy that shipped what the trigger switched on.
    package struct Latent: Sendable {
        package var kind: String
        package var id: String
        package var time: String
        package var version: String?
        package var reason: String?
    }

    /// How and when it was mitigated and resolved.
    package struct Mitigation: Sendable {
        package var mitigatedAt: String
        package var mitigatedBy: String
        package var timeToMitigate: String
        package var resolvedAt: String
        package var timeToResolve: String
        package var rollback: String?
    }

    /// One kind of signal, summarised: `1,200 crashes on 2 hosts, 04:10–04:20`.
    package struct SignalRow: Sendable {
        package var kind: String
        package var text: String
    }

    /// One row of the timeline table (cells escaped for tables).
    package struct TimelineRow: Sendable {
        package var time: String
        package var event: String
        package var detail: String
    }

    /// One safe-release finding.
    package struct FindingRow: Sendable {
        /// `ok`, `gap` or `unknown`.
        package var verdict: String
        package var mark: String
        package var practice: String
        package var detail: String
        package var ok: Bool
        package var gap: Bool
        package var unknown: Bool
    }
}
