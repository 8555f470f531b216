import Hindsight

/// The retrospective workflow's reads and writes: notes, the team's verdicts on triggers, action items.
/// Each is a `note` event (docs/retrospective.md), so it is exported and synced like every other event.
extension EventStore {
    /// The analysis of an incident with the team's verdicts laid over the correlator's ranking.
    package func analysis(incident: String, options: AnalysisOptions = AnalysisOptions()) throws -> IncidentAnalysis {
        let analysis = try read { s in try Self.analyze(incident: incident, in: s, options: options)?.1 }
        guard let analysis else { throw try unknownIncident(incident) }
        return analysis
    }

    /// The verdicts given on an incident, oldest first, with the facts of the change confirmed last.
    package func verdicts(incident: String) throws -> Verdicts {
        try read { s in try Self.verdicts(incident: incident, in: s) }
    }

    /// The verdicts not retracted since, oldest first, with the facts of the change confirmed last.
    static func verdicts(incident: String, in s: any SQLSession) throws -> Verdicts {
        let retracted = Set(
            try s.values(
                String.self, "SELECT retracts FROM event WHERE incident = ? AND kind = 'note' AND retracts IS NOT NULL", [incident]))
        let all = try s.rows(
            """
            SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'note' AND verdict IS NOT NULL ORDER BY time, seq
            """, [incident]
        ).compactMap { TeamVerdict(Event(row: $0)) }.filter { !retracted.contains($0.eventID) }
        var verdicts = Verdicts(all)
        if let id = verdicts.confirmed?.change {
            verdicts.confirmedFacts = try changeFacts(s, id: id)
        }
        return verdicts
    }

    /// A change, the steps of its staged rollout (same service, kind and version) and the first rollback of any of them.
    static func changeFacts(_ s: any SQLSession, id: String) throws -> CandidateFacts? {
        guard let change = try s.row("SELECT \(Event.selectColumns) FROM event WHERE id = ?", [id]).map(Event.init(row:)),
            change.kind.isChange
        else { return nil }
        var steps = [change]
        if let version = change.version {
            steps = try s.rows(
                """
                SELECT \(Event.selectColumns) FROM event WHERE version = ? AND kind = ? AND service = ? ORDER BY time, seq
                """, [version, change.kind.rawValue, change.service]
            ).map(Event.init(row:))
        }
        let rollback = try s.row(
            """
            SELECT \(Event.selectColumns) FROM event WHERE reverts IN (\(placeholders(steps.count))) AND kind = 'rollback' ORDER BY time, seq LIMIT 1
            """, SQLArguments(binding: steps.map(\.id))
        ).map(Event.init(row:))
        return CandidateFacts(change: change, rolloutSteps: steps, rollback: rollback)
    }

    /// Stores a free-text timeline entry on an incident.
    @discardableResult
    package func recordNote(incident: String, text: String, at time: Timestamp, by: String?) throws -> Event {
        let service = try serviceOf(incident: incident)
        guard !text.isEmpty else { throw RetrospectiveError.invalid(field: .text, message: "is empty; write what happened") }
        let note = Event(time: time, kind: .note, service: service, summary: text, incident: incident, actor: by)
        try insert([note])
        return note
    }

    /// Stores the team's verdict on a change as an incident's trigger; the change must be stored.
    @discardableResult
    package func recordVerdict(
        incident: String, change: String, decision: TeamVerdict.Decision, by: String, why: String?, now: Timestamp
    ) throws -> TeamVerdict {
        let service = try serviceOf(incident: incident)
        guard let stored = try event(id: change) else {
            throw RetrospectiveError.unknownChange(change, incident: incident, store: displayName, suggestion: try nearestEvent(to: change, changesOnly: true))
        }
        guard stored.kind.isChange else { throw RetrospectiveError.notAChange(change, kind: stored.kind.rawValue) }
        guard !by.isEmpty else { throw RetrospectiveError.invalid(field: .by, message: "is empty; name who gives the verdict") }
        let e = TeamVerdict.event(incident: incident, service: service, change: change, decision: decision, by: by, why: why, time: now)
        try insert([e])
        return TeamVerdict(e)!
    }

    /// Opens an action item on an incident, numbered after the incident's existing items (`INC-7-A3`).
    @discardableResult
    package func addActionItem(
        incident: String, text: String, owner: String, due: DueDate?, link: String?,
        priority: ActionPriority? = nil, type: ActionType? = nil, by: String?, now: Timestamp
    ) throws -> ActionItem {
        let service = try serviceOf(incident: incident)
        guard !text.isEmpty else { throw RetrospectiveError.invalid(field: .text, message: "is empty; say what is to be done") }
        guard !owner.isEmpty else { throw RetrospectiveError.invalid(field: .owner, message: "is empty; every action item needs an owner") }
        let marking = try summaryTables.present(in: backend)
        let item = try write { s in
            let ids = try s.values(
                String.self, "SELECT DISTINCT action FROM event WHERE incident = ? AND kind = 'note' AND action IS NOT NULL",
                [incident])
            let next = (ids.compactMap { ActionItem.number(of: $0, incident: incident) }.max() ?? 0) + 1
            let e = ActionItem.openingEvent(
                id: "\(incident)-A\(next)", incident: incident, service: service, text: text, owner: owner,
                due: due, link: link, priority: priority, type: type, by: by, time: now)
            guard try MarkingSink(s, marking: marking).insertAll([e]) == 1 else { throw StoreError.database("action item \(e.action!) could not be stored") }
            return ActionItem.fold([e])[0]
        }
        try refreshSummaries()
        return item
    }

    /// Marks an action item done (marking a done item again records nothing new).
    @discardableResult
    package func completeActionItem(id: String, by: String?, now: Timestamp) throws -> ActionItem {
        let items = try actionItems()
        guard let item = items.first(where: { $0.id == id }) else {
            throw RetrospectiveError.unknownActionItem(id, store: displayName, suggestion: Suggest.nearestID(id, in: items.map(\.id)))
        }
        if item.state == .done { return item }
        try insert([item.doneEvent(service: try serviceOf(incident: item.incident), by: by, time: now)])
        return try actionItems(incident: item.incident).first { $0.id == id }!
    }

    /// Withdraws a plain note or a verdict of `incident` made by mistake, with a new note that names it
    /// (`retracts`); the withdrawn note stays stored. Retracting one already retracted records nothing new.
    @discardableResult
    package func retract(incident: String, event id: String, why: String?, by: String?, now: Timestamp) throws -> Event {
        let service = try serviceOf(incident: incident)
        guard let target = try event(id: id), target.incident == incident, target.kind == .note else {
            throw RetrospectiveError.unknownNote(id, incident: incident)
        }
        if target.retracts != nil { throw RetrospectiveError.notRetractable(id, why: "it is itself a retraction") }
        if target.action != nil {
            throw RetrospectiveError.notRetractable(id, why: "it records action item \(target.action!); mark the item done instead")
        }
        let marking = try summaryTables.present(in: backend)
        let retraction = try write { s in
            if let earlier = try s.row(
                "SELECT \(Event.selectColumns) FROM event WHERE incident = ? AND kind = 'note' AND retracts = ? ORDER BY time, seq LIMIT 1",
                [incident, id])
            {
                return Event(row: earlier)
            }
            let e = Event(time: now, kind: .note, service: service, summary: why, incident: incident, actor: by, retracts: id)
            guard try MarkingSink(s, marking: marking).insertAll([e]) == 1 else {
                throw StoreError.database("the retraction of \(id) could not be stored")
            }
            return e
        }
        try refreshSummaries()
        return retraction
    }

    /// Action items, in the order they were opened; only those of `incident` when given.
    package func actionItems(incident: String? = nil) throws -> [ActionItem] {
        try read { s in
            let sql =
                "SELECT \(Event.selectColumns) FROM event WHERE action IS NOT NULL AND kind = 'note'"
                + (incident == nil ? "" : " AND incident = ?") + " ORDER BY time, seq"
            let args: SQLArguments = incident.map { [$0] } ?? []
            return ActionItem.fold(try s.rows(sql, args).map(Event.init(row:)))
        }
    }

    /// The service a note on an incident is filed under: its first service, else `*`; an unknown incident is an error.
    func serviceOf(incident: String) throws -> String {
        guard try hasIncident(incident) else { throw try unknownIncident(incident) }
        return try incidentScope(incident).services.first ?? Event.globalService
    }
}
