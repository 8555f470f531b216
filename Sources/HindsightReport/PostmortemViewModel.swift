/// Everything a post-mortem template shows, already formatted and Markdown-escaped, so templates stay logic-less.
///
/// swift-mustache reads values through reflection, which sees stored properties only:
/// every value here is stored (no computed properties), and absent facts are `nil` so that
/// `{{#x}}…{{/x}}` and `{{^x}}…{{/x}}` sections can test them.
public struct PostmortemViewModel: Sendable {
    /// The incident id, escaped.
    public var incident: String
    /// `INC-1: BSOD`, escaped; `INC-1` when the incident has no title.
    public var heading: String
    /// The title as recorded, unescaped: for the HTML `<title>`, which is escaped separately.
    public var plainHeading: String
    public var title: String?
    public var severity: String?
    public var status: String?
    /// `` `checkout`, `payments` ``.
    public var services: String
    /// The zone times are shown in: `UTC`, `Europe/Berlin`.
    public var timeZone: String
    /// A paragraph of facts: what, when, how far, why, how it was detected and ended.
    public var summary: String
    public var impact: Impact
    public var detection: Detection
    public var trigger: Trigger?
    /// Why the correlator named no trigger.
    public var abstention: String?
    public var otherCandidates: [CandidateRow]
    public var hasOtherCandidates: Bool
    /// `12 more candidates: see hindsight analyze --json`.
    public var moreCandidates: String?
    public var latent: Latent?
    public var mitigation: Mitigation
    public var signals: [SignalRow]
    public var hasSignals: Bool
    public var timeline: [TimelineRow]
    /// `40 more events are in the store: hindsight events …`.
    public var timelineOmitted: String?
    /// The lines of a Mermaid flowchart of the key events (without the fence).
    public var mermaid: String
    public var findings: [FindingRow]
    public var wentWell: [String]
    public var wentWrong: [String]
    public var hasWentWell: Bool
    public var hasWentWrong: Bool
    /// Suggested action items from the findings that show a gap.
    public var actionItems: [String]
    /// The what-if sentence, when a `staged_rollout_whatif` finding is present.
    public var whatIf: String?
    /// The marker for sections people write themselves.
    public var toBeCompleted: String
    /// The team's verdict, notes and action items.
    public var team: Team

    /// Start, end, duration and blast radius.
    public struct Impact: Sendable {
        public var start: String
        public var end: String
        public var duration: String
        public var lastSignal: String?
        public var hosts: String
        public var crashes: String
        public var services: String
        public var regions: String
        /// `1,200 crashes on 2 hosts in 2 regions (eu, us)`, or `nil` without crash signals.
        public var blast: String?
        /// The trigger's exposure: `100% of the fleet`.
        public var exposure: String?
    }

    /// When and how it was detected, and whether customers noticed first.
    public struct Detection: Sendable {
        public var detectedAt: String
        public var detectedBy: String
        public var lag: String
        public var firstReport: String?
        /// A call-out sentence when customers reported it before any internal detection.
        public var customersFirst: String?
        /// A sentence when internal detection came first.
        public var internalFirst: String?
    }

    /// The change named as the trigger, with its evidence.
    public struct Trigger: Sendable {
        public var kind: String
        public var id: String
        public var service: String
        public var time: String
        public var version: String?
        /// The change's own summary (named so it cannot fall back to the incident summary in a template).
        public var changeSummary: String?
        public var url: String?
        public var actor: String?
        public var score: String
        public var exposure: String?
        public var reasons: [String]
        /// `` `r-1` (1%) → `r-2` (10%) `` for a staged rollout.
        public var rollout: String?
    }

    /// A candidate that was not chosen, for a table row (cells escaped for tables).
    public struct CandidateRow: Sendable {
        public var score: String
        public var time: String
        public var kind: String
        public var id: String
        public var service: String
        public var why: String
    }

    /// The deploy that shipped what the trigger switched on.
    public struct Latent: Sendable {
        public var kind: String
        public var id: String
        public var time: String
        public var version: String?
        public var reason: String?
    }

    /// How and when it was mitigated and resolved.
    public struct Mitigation: Sendable {
        public var mitigatedAt: String
        public var mitigatedBy: String
        public var timeToMitigate: String
        public var resolvedAt: String
        public var timeToResolve: String
        public var rollback: String?
    }

    /// One kind of signal, summarised: `1,200 crashes on 2 hosts, 04:10–04:20`.
    public struct SignalRow: Sendable {
        public var kind: String
        public var text: String
    }

    /// One row of the timeline table (cells escaped for tables).
    public struct TimelineRow: Sendable {
        public var time: String
        public var event: String
        public var detail: String
    }

    /// One safe-release finding.
    public struct FindingRow: Sendable {
        /// `ok`, `gap` or `unknown`.
        public var verdict: String
        public var mark: String
        public var practice: String
        public var detail: String
        public var ok: Bool
        public var gap: Bool
        public var unknown: Bool
    }
}
