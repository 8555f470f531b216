import Hindsight

/// The guard's writes: the suspected incident of a failing change with its notifications, its recovery, its dismissal
/// as a false alarm, and its absorption into an incident a person declared. Each is events, written as any other.
extension EventStore {
    /// Raises the suspected incident of a failing verdict and queues its notifications in one transaction; `false`,
    /// with nothing stored, when the guard already raised it (after a restart, or by another server on the same store).
    @discardableResult
    package func raiseSuspicion(_ verdict: GuardVerdict, notifications: [GuardNotification]) throws -> Bool {
        let event = GuardRecord.suspected(verdict)
        let marking = try summaryTables.present(in: backend)
        let raised = try write { s in
            guard try s.row("SELECT 1 FROM event WHERE incident = ? AND kind = 'incident' LIMIT 1", [verdict.incident]) == nil else { return false }
            _ = try MarkingSink(s, marking: marking).insertAll([event])
            try Self.queue(notifications, in: s, at: verdict.evaluatedAt)
            return true
        }
        // A suspected incident is an incident: it gets its summary as any ingest's incidents do.
        if raised { try refreshSummaries() }
        return raised
    }

    /// Records that a suspected change recovered and queues its notifications, once; `false` when it was recorded
    /// before, or the incident was dismissed.
    @discardableResult
    package func recordRecovery(_ verdict: GuardVerdict, notifications: [GuardNotification]) throws -> Bool {
        let note = GuardRecord.recovered(verdict)
        let marking = try summaryTables.present(in: backend)
        let recorded = try write { s in
            guard try s.row("SELECT 1 FROM event WHERE id = ?", [note.id]) == nil,
                try s.row("SELECT 1 FROM event WHERE incident = ? AND kind = 'note' AND verdict = 'dismissed' LIMIT 1", [verdict.incident]) == nil
            else { return false }
            _ = try MarkingSink(s, marking: marking).insertAll([note])
            try Self.queue(notifications, in: s, at: verdict.evaluatedAt)
            return true
        }
        if recorded { try refreshSummaries() }
        return recorded
    }

    /// The guard's incidents still open: suspected, not dismissed, not absorbed, not recovered; their suspected events.
    package func openSuspicions() throws -> [Event] {
        try read { s in
            try s.events(
                """
                SELECT \(Event.selectColumns) FROM event AS e WHERE e.kind = 'incident' AND e.status = 'suspected' AND e.change_id IS NOT NULL
                AND e.incident = 'guard-' || e.change_id
                AND NOT EXISTS (SELECT 1 FROM event AS d WHERE d.incident = e.incident AND d.kind = 'note' AND d.verdict = 'dismissed')
                AND NOT EXISTS (SELECT 1 FROM event AS r WHERE r.id = e.incident || '-recovered')
                ORDER BY e.time, e.seq
                """)
        }
    }

    /// The guard's incidents that the default lists leave out: those another incident absorbed (one incident, not two),
    /// and those the team dismissed as false alarms.
    package func hiddenGuardIncidents() throws -> (absorbed: Set<String>, dismissed: Set<String>) {
        try read { s in
            let rows = try s.rows(
                """
                SELECT e.incident,
                    EXISTS (SELECT 1 FROM event AS a WHERE a.kind = 'incident' AND a.status = 'suspected'
                            AND a.change_id = e.change_id AND a.incident <> e.incident),
                    EXISTS (SELECT 1 FROM event AS d WHERE d.incident = e.incident AND d.kind = 'note' AND d.verdict = 'dismissed')
                FROM event AS e WHERE e.kind = 'incident' AND e.status = 'suspected' AND e.change_id IS NOT NULL
                AND e.incident = 'guard-' || e.change_id
                """)
            var absorbed = Set<String>()
            var dismissed = Set<String>()
            for row in rows {
                let id: String = row[0]
                if row[1] as Bool { absorbed.insert(id) }
                if row[2] as Bool { dismissed.insert(id) }
            }
            return (absorbed, dismissed)
        }
    }

    /// The guard's suspected event for the rollout of the change `id` (any of its steps), if it raised one.
    package func suspicion(of id: String) throws -> Event? {
        let change = try guardedChange(id)
        return try read { s in
            let steps = try s.values(
                String.self,
                """
                SELECT id FROM event WHERE kind = ? AND service = ? AND environment = ? AND (id = ? OR version = ?)
                """, [change.kind.rawValue, change.service, change.environment, change.id, change.version ?? "\u{0}"])
            let incidents = steps.map(GuardFacts.incidentID(forChange:))
            return try s.events(
                """
                SELECT \(Event.selectColumns) FROM event WHERE kind = 'incident' AND status = 'suspected'
                AND incident IN (\(placeholders(incidents.count))) ORDER BY time, seq LIMIT 1
                """, SQLArguments(binding: incidents)
            ).first
        }
    }

    /// Dismisses the guard's incident for the change `id` as a false alarm: the team's verdict `dismissed` and the
    /// incident resolved. Dismissing it again records nothing new. Returns the dismissal in force.
    @discardableResult
    package func dismissSuspicion(change id: String, why: String, by: String, now: Timestamp) throws -> TeamVerdict {
        guard !why.trimming(" ").isEmpty else { throw GuardError.emptyReason }
        guard !by.isEmpty else { throw RetrospectiveError.invalid(field: .by, message: "is empty; name who dismisses it") }
        guard let suspected = try suspicion(of: id), let incident = suspected.incident, let change = suspected.change else {
            throw GuardError.notSuspected(id, store: displayName)
        }
        if let done = try verdicts(incident: incident).dismissal { return done }
        let events = GuardRecord.dismissal(incident: incident, service: suspected.service, change: change, by: by, why: why, at: now)
        try insert(events)
        return TeamVerdict(events[0])!
    }

    /// Merges the guard's incident `guardID` into `incidentID`: the latter gets the guard's suspected event, so its
    /// detection counts from the guard's flag, and the lists show only it. Merging again records nothing new (`false`).
    @discardableResult
    package func mergeSuspicion(_ guardID: String, into incidentID: String, by: String) throws -> Bool {
        guard try hasIncident(guardID) else { throw try unknownIncident(guardID) }
        guard try hasIncident(incidentID) else { throw try unknownIncident(incidentID) }
        guard let suspected = try lifecycle(of: guardID).first(where: { $0.status == "suspected" && $0.change != nil }),
            guardID == GuardFacts.incidentID(forChange: suspected.change!)
        else { throw GuardError.notAGuardIncident(guardID) }
        guard guardID != incidentID else { throw GuardError.cannotMerge(guardID, into: incidentID, reason: "they are the same incident") }
        let target = try lifecycle(of: incidentID)
        if target.contains(where: { $0.status == "suspected" && $0.change == suspected.change }) { return false }
        if let own = target.first(where: { $0.status == "suspected" && $0.change != nil }), incidentID == GuardFacts.incidentID(forChange: own.change!) {
            throw GuardError.cannotMerge(guardID, into: incidentID, reason: "both are the guard's; merge each into the incident a person declared")
        }
        try insert([GuardRecord.absorption(of: suspected, into: incidentID, by: by)])
        return true
    }

    /// Lets incidents people declared absorb the guard's open incidents they overlap: a declaration on the flagged
    /// change's service, from the change's first step less the lookback until now. Returns (guard incident, declared
    /// incident) for each absorption made.
    package func absorbSuspicions(now: Timestamp, lookback: TimeSpan = .hours(1)) throws -> [(String, String)] {
        var made: [(String, String)] = []
        for suspected in try openSuspicions() {
            guard let change = suspected.change, let guardID = suspected.incident, let first = try event(id: change) else { continue }
            let declared = try read { s in
                try s.events(
                    """
                    SELECT \(Event.selectColumns) FROM event WHERE kind = 'incident' AND status = 'declared' AND service = ?
                    AND time >= ? AND time <= ? AND incident IS NOT NULL AND incident <> ? ORDER BY time, seq LIMIT 1
                    """, [suspected.service, (first.time - lookback).milliseconds, now.milliseconds, guardID])
            }
            guard let into = declared.first?.incident, !GuardFacts.raised(into) else { continue }
            if try mergeSuspicion(guardID, into: into, by: GuardRecord.author) { made.append((guardID, into)) }
        }
        return made
    }

    /// An incident's lifecycle events, oldest first.
    func lifecycle(of incident: String) throws -> [Event] {
        try read { s in try StoreAnalysisSource(s).lifecycle(of: incident) }
    }
}
