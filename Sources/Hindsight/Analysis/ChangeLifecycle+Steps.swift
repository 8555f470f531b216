/// One change reported in stages (started, then succeeded or failed) is one change: the store merges
/// stage events sharing an id (`merge`); the analysis folds the ones a producer sent under different ids.
extension ChangeLifecycle {
    /// The statuses that end a change's lifecycle.
    static let finalStatuses: Set<String> = ["succeeded", "failed"]

    /// `steps` (same service, kind and version, oldest first) with each `started` event folded into
    /// the next event that finishes it with the same exposure: time = start, `end` = finish, status = final.
    public static func merged(_ steps: [Event]) -> [Event] {
        var out: [Event] = []
        for e in steps {
            if var open = out.last, open.status == "started", open.environment == e.environment,
                sameExposure(open.scope, e.scope), e.status.map({ finalStatuses.contains($0) || $0 == "started" }) ?? true
            {
                if e.status == "started" { continue }  // a repeated "in progress" report
                open.end = max(e.end ?? e.time, open.end ?? open.time)
                open.status = e.status ?? "succeeded"
                if open.scope == nil { open.scope = e.scope }
                out[out.count - 1] = open
            } else {
                out.append(e)
            }
        }
        return out
    }

    /// Whether a change was still being rolled out when last reported.
    public static func inProgress(_ e: Event) -> Bool { e.status == "started" }

    static func sameExposure(_ a: Scope?, _ b: Scope?) -> Bool {
        guard let a, let b else { return true }
        return a.percent == b.percent && a.ring == b.ring && a.regions == b.regions && a.hosts == b.hosts
    }
}
