import Hindsight

/// The guard's reads: the verdict on a change as of a time, and which changes it watches.
extension EventStore {
    /// The guard's verdict on the change `id` as of `at`, from what the store holds up to then.
    package func guardVerdict(change id: String, at: Timestamp, options: GuardOptions = GuardOptions()) throws -> GuardVerdict {
        let change = try guardedChange(id)
        return try read { s in try ChangeGuard(options: options).verdict(change: change, at: at, source: StoreAnalysisSource(s)) }
    }

    /// The change with this id; `GuardError` when there is none or it is not a deploy, release or config change.
    package func guardedChange(_ id: String) throws -> Event {
        guard let change = try event(id: id) else {
            throw GuardError.unknownChange(id, store: displayName, suggestion: try nearestEvent(to: id, changesOnly: true))
        }
        guard change.kind.isChange, change.kind != .rollback else { throw GuardError.notAChange(id, kind: change.kind.rawValue) }
        return change
    }

    /// The production changes the guard watches at `now`: deploys, releases and config changes whose rollout had a step
    /// in the watch window, is still reported `started`, or ends inside it; one per rollout (service, kind, version and
    /// environment), its latest step by `now`, in the order of those steps.
    package func watchedChanges(now: Timestamp, options: GuardOptions = GuardOptions(), services: [String] = []) throws -> [Event] {
        let since = now - options.watchWindow
        let found = try read { s in
            var sql = """
                SELECT \(Event.selectColumns) FROM event WHERE kind IN ('deploy','release','config') AND time <= ?
                AND (time >= ? OR (end_time IS NOT NULL AND end_time >= ? AND time >= ?) OR (status = 'started' AND time >= ?))
                """
            var args: SQLArguments = [
                now.milliseconds, since.milliseconds, since.milliseconds, (now - options.rolloutSpan).milliseconds,
                (now - options.rolloutSpan).milliseconds,
            ]
            if !services.isEmpty {
                sql += " AND service IN (\(placeholders(services.count)))"
                args += SQLArguments(binding: services)
            }
            return try s.events(sql + " ORDER BY time, seq", args)
        }
        var latest: [String: Event] = [:]
        for e in found where AnalysisOptions.isProduction(e.environment) || options.analysis.environments.contains(e.environment) {
            latest[Self.rolloutKey(e)] = e
        }
        return latest.values.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// The change in progress on `service` at `now`: the latest step of the most recent rollout the guard watches there.
    package func changeInProgress(on service: String, now: Timestamp, options: GuardOptions = GuardOptions()) throws -> Event? {
        try watchedChanges(now: now, options: options, services: [service]).max { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// One rollout: service, kind, version and environment; a change without a version is its own rollout.
    static func rolloutKey(_ e: Event) -> String {
        e.version.map { [e.service, e.kind.rawValue, $0, e.environment].joined(separator: "\u{1F}") } ?? "id\u{1F}" + e.id
    }
}

extension EventStore {
    /// The guard's time to verdict on an incident's trigger, as a detection lag from impact start: from the guard's own
    /// flag when it raised one, else replayed minute by minute over the trigger's rollout, from its first step until
    /// the incident was detected (or the watch window ends). `nil`, with the last verdict, when it would not have flagged it.
    package func guardTimeToVerdict(_ a: IncidentAnalysis, options: GuardOptions = GuardOptions()) throws -> (lag: TimeSpan?, source: String) {
        guard let start = a.impactStart else { return (nil, "the incident has no signals, so no impact start") }
        if let flagged = a.guardDetection {
            return (
                max(flagged.time - start, TimeSpan(milliseconds: 0)),
                "the guard's time to verdict: it flagged \(flagged.change ?? "the trigger") at \(flagged.time.rfc3339)"
            )
        }
        guard let trigger = a.trigger else { return (nil, "the incident has no trigger for the guard to judge") }
        let first = (trigger.rolloutSteps.first ?? trigger.change)
        let until = min(a.detectedAt ?? first.time + options.watchWindow, first.time + options.watchWindow)
        let replay = try guardReplay(change: first, from: first.time + .minutes(1), until: until, options: options)
        guard let failing = replay.failing else {
            let last = replay.verdicts.last.map { ": at \($0.evaluatedAt.rfc3339) it was \($0.outcome.rawValue)" } ?? ""
            return (nil, "replayed minute by minute, the guard would not have flagged \(first.id) before \(until.rfc3339)\(last)")
        }
        return (
            max(failing.evaluatedAt - start, TimeSpan(milliseconds: 0)),
            "the guard's time to verdict, replayed minute by minute over \(first.id): failing at \(failing.evaluatedAt.rfc3339)"
        )
    }
}

extension EventStore {
    /// The change's verdicts replayed every `step` from `from` to `until` in one read (`ChangeGuard.replay`).
    package func guardReplay(change: Event, from: Timestamp, until: Timestamp, step: TimeSpan = .minutes(1), options: GuardOptions = GuardOptions())
        throws -> (failing: GuardVerdict?, verdicts: [GuardVerdict])
    {
        try read { s in try ChangeGuard(options: options).replay(change: change, from: from, until: until, step: step, source: StoreAnalysisSource(s)) }
    }
}
