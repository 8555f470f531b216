/// The events the guard writes, as every other record is kept: so its detections are exported, synced and read by
/// the analysis like any other event (docs/guard.md, "What the guard stores").
public enum GuardRecord {
    /// Who writes them (`actor` and `source`).
    public static let author = "hindsight-guard"

    /// The `incident` event with status `suspected` that raises `guard-<first step>` for a failing verdict; it names
    /// the rollout's first step in `change`, which opens the incident's signal window at that step less the lookback.
    public static func suspected(_ verdict: GuardVerdict) -> Event {
        let first = verdict.exposure.steps.first ?? verdict.change
        return Event(
            id: "\(verdict.incident)-suspected", time: verdict.evaluatedAt, kind: .incident, service: first.service,
            environment: first.environment, summary: verdict.summary, status: "suspected", incident: verdict.incident,
            title: "Guard: \(first.id) failing on \(first.service)", actor: author, source: author, change: first.id)
    }

    /// The timeline note that says the flagged change recovered.
    public static func recovered(_ verdict: GuardVerdict) -> Event {
        let first = verdict.exposure.steps.first ?? verdict.change
        return Event(
            id: "\(verdict.incident)-recovered", time: verdict.evaluatedAt, kind: .note, service: first.service,
            summary: "the guard sees \(first.id) recovered: \(verdict.recovery ?? verdict.summary)", incident: verdict.incident, actor: author)
    }

    /// The events that dismiss the guard's incident `incident` for `change` as a false alarm: the team's verdict
    /// `dismissed` on the change, and the incident resolved.
    public static func dismissal(incident: String, service: String, change: String, by: String, why: String, at: Timestamp) -> [Event] {
        [
            TeamVerdict.event(incident: incident, service: service, change: change, decision: .dismissed, by: by, why: why, time: at),
            Event(
                id: "\(incident)-resolved", time: at, kind: .incident, service: service, summary: "dismissed as a false alarm by \(by): \(why)",
                status: "resolved", incident: incident, actor: by),
        ]
    }

    /// The `suspected` event that makes `into` absorb the guard's incident: at the time the guard flagged the change,
    /// so `into`'s detection counts from then and its window opens at the change.
    public static func absorption(of suspected: Event, into incident: String, by: String) -> Event {
        Event(
            id: "\(incident)-absorbs-\(suspected.incident ?? "")", time: suspected.time, kind: .incident, service: suspected.service,
            environment: suspected.environment,
            summary: "absorbs \(suspected.incident ?? ""): the guard flagged \(suspected.change ?? "a change") at \(suspected.time.rfc3339)",
            status: "suspected", incident: incident, actor: by, source: author, change: suspected.change)
    }
}
