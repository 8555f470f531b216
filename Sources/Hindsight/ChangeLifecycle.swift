/// Merges the stages of one change reported in parts (started, then succeeded or failed) into
/// one change: `time` = the earliest start, `end` = the finish, `status` = the final one.
///
/// EVENTS.md: "a change reported in stages is one change". Producers report a deployment as
/// several webhooks (GitHub `deployment` + `deployment_status`, Argo CD sync start/finish,
/// CDEvents `*.started`/`*.finished`); their adapters give all stages the same id and the store
/// calls `merge` when an id is already stored with other content.
public enum ChangeLifecycle {
    /// The change both events are stages of, or `nil` when they are not stages of one change
    /// (different kind, service or environment, not changes, or the same single stage reported
    /// twice with different content): that stays a conflict.
    ///
    /// The merge is commutative in time and status and idempotent: merging a stage already
    /// merged gives back the stored change unchanged, so re-ingesting stores nothing new.
    public static func merge(_ stored: Event, _ incoming: Event) -> Event? {
        guard stored.kind.isChange, stored.kind == incoming.kind, stored.service == incoming.service,
            stored.environment == incoming.environment
        else { return nil }
        let a = Stage(stored)
        let b = Stage(incoming)
        // Two reports of one single final stage that disagree are not a lifecycle: a conflict.
        if a.isSingleFinal && b.isSingleFinal && stored.effectiveStatus == incoming.effectiveStatus { return nil }

        let starts = [a.start, b.start].compactMap { $0 }
        let finishes = [a.finish, b.finish].compactMap { $0 }
        // The stage that decides the outcome: the one finishing last (the stored one on a tie).
        let incomingDecides: Bool
        switch (a.finish, b.finish) {
        case (let fa?, let fb?): incomingDecides = fb > fa
        case (nil, _?): incomingDecides = true
        default: incomingDecides = false
        }
        let (primary, other) = incomingDecides ? (incoming, stored) : (stored, incoming)
        let finished = a.finish != nil || b.finish != nil

        var merged = primary
        merged.time = starts.min() ?? finishes.min() ?? primary.time
        let finish = finishes.max()
        merged.end = finish.flatMap { $0 > merged.time ? $0 : nil }
        merged.status = finished ? primary.effectiveStatus : "started"
        merged.summary = primary.summary ?? other.summary
        merged.version = primary.version ?? other.version
        merged.reverts = primary.reverts ?? other.reverts
        merged.incident = primary.incident ?? other.incident
        merged.severity = primary.severity ?? other.severity
        merged.title = primary.title ?? other.title
        merged.host = primary.host ?? other.host
        merged.scope = primary.scope ?? other.scope
        merged.actor = primary.actor ?? other.actor
        merged.source = primary.source ?? other.source
        merged.url = primary.url ?? other.url
        merged.labels = primary.labels ?? other.labels
        merged.attributes = primary.attributes ?? other.attributes
        // The commit time usually comes with the first report only; lead time needs it whatever stage wins.
        merged.commitTime = primary.commitTime ?? other.commitTime
        return merged
    }

    /// When a stage (or an already merged change) started and finished, as far as it says.
    struct Stage {
        var start: Timestamp?
        var finish: Timestamp?
        /// A lone `succeeded`/`failed` report without a range.
        var isSingleFinal: Bool

        init(_ e: Event) {
            let status = e.effectiveStatus
            if status == "started" {
                start = e.time
                finish = nil
                isSingleFinal = false
            } else if let end = e.end {
                start = e.time
                finish = end
                isSingleFinal = false
            } else {
                start = nil
                finish = e.time
                isSingleFinal = true
            }
        }
    }
}
