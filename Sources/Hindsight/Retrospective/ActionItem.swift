/// An action item agreed in a retrospective, folded from the `note` events that open and update it.
public struct ActionItem: Sendable, Equatable {
    /// `open` or `done`: the `status` of its latest note.
    public enum State: String, Sendable, CaseIterable {
        case open, done
    }

    /// `INC-7-A1`: the incident's id, `-A` and a number.
    public var id: String
    public var incident: String
    public var text: String
    public var owner: String?
    public var due: DueDate?
    public var link: String?
    public var priority: ActionPriority?
    public var type: ActionType?
    public var state: State
    public var openedAt: Timestamp
    /// When it was last marked done (`nil` while open).
    public var doneAt: Timestamp?
    public var doneBy: String?
    /// Who opened it (its first note's `actor`).
    public var openedBy: String?

    public init(
        id: String, incident: String, text: String, owner: String?, due: DueDate?, link: String?,
        state: State, openedAt: Timestamp, doneAt: Timestamp? = nil, doneBy: String? = nil,
        priority: ActionPriority? = nil, type: ActionType? = nil, openedBy: String? = nil
    ) {
        self.id = id
        self.incident = incident
        self.text = text
        self.owner = owner
        self.due = due
        self.link = link
        self.state = state
        self.openedAt = openedAt
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.priority = priority
        self.type = type
        self.openedBy = openedBy
    }

    /// Whether it is still open after its deadline.
    public func isOverdue(at now: Timestamp) -> Bool { state == .open && (due?.isOverdue(at: now) ?? false) }

    /// The items the notes describe, in the order they were opened. Notes come oldest first; the first note
    /// of an id opens the item (text, owner, due date, link, priority, type), later ones change its state,
    /// and may re-assign the owner, move the due date or change the priority.
    public static func fold(_ notes: [Event]) -> [ActionItem] {
        var items: [String: ActionItem] = [:]
        var order: [String] = []
        for e in notes {
            guard e.kind == .note, let id = e.action, let incident = e.incident else { continue }
            let state = e.status.flatMap(State.init(rawValue:)) ?? .open
            if var item = items[id] {
                item.state = state
                item.doneAt = state == .done ? e.time : nil
                item.doneBy = state == .done ? e.actor : nil
                if let owner = e.owner { item.owner = owner }
                if let due = e.due.flatMap({ try? DueDate.parse($0).get() }) { item.due = due }
                if let url = e.url { item.link = url }
                if let p = e.priority.flatMap(ActionPriority.init(rawValue:)) { item.priority = p }
                if let t = e.actionType.flatMap(ActionType.init(rawValue:)) { item.type = t }
                items[id] = item
            } else {
                order.append(id)
                items[id] = ActionItem(
                    id: id, incident: incident, text: e.summary ?? "", owner: e.owner,
                    due: e.due.flatMap { try? DueDate.parse($0).get() }, link: e.url, state: state, openedAt: e.time,
                    doneAt: state == .done ? e.time : nil, doneBy: state == .done ? e.actor : nil,
                    priority: e.priority.flatMap(ActionPriority.init(rawValue:)), type: e.actionType.flatMap(ActionType.init(rawValue:)),
                    openedBy: e.actor)
            }
        }
        return order.compactMap { items[$0] }
    }

    /// The `note` event that opens an item.
    public static func openingEvent(
        id: String, incident: String, service: String, text: String, owner: String, due: DueDate?, link: String?,
        priority: ActionPriority? = nil, type: ActionType? = nil, by: String?, time: Timestamp
    ) -> Event {
        Event(
            time: time, kind: .note, service: service, summary: text, status: State.open.rawValue, incident: incident,
            actor: by, url: link, action: id, owner: owner, due: due?.text, priority: priority?.rawValue, actionType: type?.rawValue)
    }

    /// The `note` event that marks an item done.
    public func doneEvent(service: String, by: String?, time: Timestamp) -> Event {
        Event(
            time: time, kind: .note, service: service, status: State.done.rawValue,
            incident: incident, actor: by, action: id)
    }

    /// The number in an id such as `INC-7-A3` (3), for numbering the next item of the incident.
    public static func number(of id: String, incident: String) -> Int? {
        let prefix = incident + "-A"
        guard id.hasPrefix(prefix) else { return nil }
        return Int(id.dropFirst(prefix.count))
    }

    /// The JSON object `action list --json` prints.
    public func json(now: Timestamp) -> String {
        var w = JSONWriter()
        w.string("id", id)
        w.string("incident", incident)
        w.string("text", text)
        w.nullable("owner", owner.map(JSONWriter.quoted))
        w.nullable("due", due.map { JSONWriter.quoted($0.text) })
        w.nullable("link", link.map(JSONWriter.quoted))
        w.nullable("priority", priority.map { JSONWriter.quoted($0.rawValue) })
        w.nullable("type", type.map { JSONWriter.quoted($0.rawValue) })
        w.string("state", state.rawValue)
        w.bool("overdue", isOverdue(at: now))
        w.string("opened_at", openedAt.rfc3339)
        w.nullable("opened_by", openedBy.map(JSONWriter.quoted))
        w.nullable("done_at", doneAt.map { JSONWriter.quoted($0.rfc3339) })
        w.nullable("done_by", doneBy.map(JSONWriter.quoted))
        return w.finished()
    }
}
