/// One verdict of the team on a change: confirmed as an incident's trigger, rejected, or dismissed (the incident
/// the guard suspected it of was a false alarm).
public struct TeamVerdict: Sendable, Equatable {
    /// The values of a `note` event's `verdict` field.
    public enum Decision: String, Sendable, CaseIterable {
        case confirmed, rejected
        /// The suspected incident was a false alarm: the change did nothing wrong and nothing happened.
        case dismissed
    }

    public var incident: String
    /// The id of the change judged.
    public var change: String
    public var decision: Decision
    /// Who gave it (the note's `actor`).
    public var by: String?
    /// Why (the note's `summary`).
    public var why: String?
    public var time: Timestamp
    /// The id of the `note` event that records it.
    public var eventID: String

    public init(incident: String, change: String, decision: Decision, by: String?, why: String?, time: Timestamp, eventID: String) {
        self.incident = incident
        self.change = change
        self.decision = decision
        self.by = by
        self.why = why
        self.time = time
        self.eventID = eventID
    }

    /// The verdict a `note` event records, or `nil` when it records none.
    public init?(_ event: Event) {
        guard event.kind == .note, let incident = event.incident, let change = event.change,
            let decision = event.verdict.flatMap(Decision.init(rawValue:))
        else { return nil }
        self.init(incident: incident, change: change, decision: decision, by: event.actor, why: event.summary, time: event.time, eventID: event.id)
    }

    /// The `note` event that records a verdict given at `time` (its id derived from its content).
    public static func event(
        incident: String, service: String, change: String, decision: Decision, by: String, why: String?, time: Timestamp
    ) -> Event {
        Event(
            time: time, kind: .note, service: service, summary: why, incident: incident, actor: by,
            verdict: decision.rawValue, change: change)
    }

    /// `confirmed by ana at 2026-11-20T10:00:00Z: the flag flip`.
    public var sentence: String {
        "\(decision.rawValue) by \(by ?? "someone") at \(time.rfc3339)" + (why.map { ": \($0)" } ?? "")
    }
}
