/// One thing that happened: a change, a signal, an incident lifecycle step or a note (EVENTS.md).
public struct Event: Sendable, Equatable {
    public var id: String
    public var time: Timestamp
    public var kind: EventKind
    public var service: String
    public var environment: String
    public var summary: String?
    public var end: Timestamp?
    public var version: String?
    public var reverts: String?
    public var status: String?
    public var incident: String?
    public var severity: String?
    public var title: String?
    public var host: String?
    public var count: Int
    public var scope: Scope?
    public var actor: String?
    public var source: String?
    public var url: String?
    public var labels: Labels?
    /// Raw JSON text, kept verbatim and never interpreted.
    public var attributes: String?
    /// `note` only: the team's verdict, `confirmed` or `rejected`, on the change named by `change` (docs/retrospective.md).
    public var verdict: String?
    /// A verdict's subject: the id of the change judged.
    public var change: String?
    /// `note` only: the id of the action item this note opens or updates.
    public var action: String?
    /// An action item's owner.
    public var owner: String?
    /// An action item's due date: `YYYY-MM-DD` (due by the end of that day, UTC) or an RFC 3339 instant.
    public var due: String?
    /// Changes: when the change was committed, for the lead time for changes.
    public var commitTime: Timestamp?
    /// An action item's priority, `P1` (most urgent) to `P4`.
    public var priority: String?
    /// An action item's type: `prevent`, `mitigate`, `detect` or `process`.
    public var actionType: String?
    /// `note` only: the id of the note (a plain note or a verdict) this one withdraws; the withdrawn one stays stored.
    public var retracts: String?

    /// The service name meaning "every service".
    public static let globalService = "*"
    public static let defaultEnvironment = "production"

    /// Builds an event; an empty `id` is replaced by one derived from the content.
    public init(
        id: String? = nil, time: Timestamp, kind: EventKind, service: String,
        environment: String = Event.defaultEnvironment, summary: String? = nil, end: Timestamp? = nil,
        version: String? = nil, reverts: String? = nil, status: String? = nil, incident: String? = nil,
        severity: String? = nil, title: String? = nil, host: String? = nil, count: Int = 1,
        scope: Scope? = nil, actor: String? = nil, source: String? = nil, url: String? = nil,
        labels: Labels? = nil, attributes: String? = nil, verdict: String? = nil, change: String? = nil,
        action: String? = nil, owner: String? = nil, due: String? = nil, commitTime: Timestamp? = nil,
        priority: String? = nil, actionType: String? = nil, retracts: String? = nil
    ) {
        self.id = id ?? ""
        self.time = time
        self.kind = kind
        self.service = service
        self.environment = environment
        self.summary = summary
        self.end = end
        self.version = version
        self.reverts = reverts
        self.status = status
        self.incident = incident
        self.severity = severity
        self.title = title
        self.host = host
        self.count = count
        self.scope = scope
        self.actor = actor
        self.source = source
        self.url = url
        self.labels = labels
        self.attributes = attributes
        self.verdict = verdict
        self.change = change
        self.action = action
        self.owner = owner
        self.due = due
        self.commitTime = commitTime
        self.priority = priority
        self.actionType = actionType
        self.retracts = retracts
        if self.id.isEmpty { self.id = derivedID() }
    }

    /// Whether this is a person's plain timeline note: not a verdict, an action item or a retraction.
    public var isPlainNote: Bool { kind == .note && verdict == nil && action == nil && retracts == nil }

    /// The region a signal happened in: `labels.region`, else the first of `scope.regions`.
    public var region: String? { labels?["region"] ?? scope?.regions.first }

    /// The status with the default EVENTS.md gives when it is absent.
    public var effectiveStatus: String? {
        if let status { return status }
        switch kind {
        case .alert: return "firing"
        case .deploy, .release, .config, .rollback: return "succeeded"
        default: return nil
        }
    }

    /// Whether the event is about `service` (a global `*` event is about every service).
    public func concerns(_ services: Set<String>) -> Bool {
        services.contains(service) || service == Event.globalService
    }
}
