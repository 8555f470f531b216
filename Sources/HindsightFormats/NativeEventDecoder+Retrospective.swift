import Hindsight

extension NativeEventDecoder {
    /// The rules of the retrospective fields (docs/retrospective.md): verdicts and action items are notes about
    /// an incident, and `commit_time` belongs to changes and comes before them.
    static func checkRetrospectiveFields(_ e: Event, _ fail: (String?, String) -> IngestIssue) throws(IngestIssue) {
        if let verdict = e.verdict {
            let all = TeamVerdict.Decision.allCases.map(\.rawValue)
            guard all.contains(verdict) else {
                let hint = Suggest.nearest(verdict, in: all).map { "did you mean '\($0)'? " } ?? ""
                throw fail("verdict", "'\(verdict)' is not a verdict; \(hint)use one of \(all.joined(separator: ", "))")
            }
            guard e.kind == .note else { throw fail("verdict", "only a note records a verdict; make the kind 'note'") }
            guard e.incident != nil else { throw fail("incident", "is missing; a verdict is about an incident's trigger, name it in 'incident'") }
            guard e.change != nil else { throw fail("change", "is missing; a verdict needs the id of the change it judges in 'change'") }
        } else if e.change != nil {
            throw fail("change", "only a verdict names a change; add 'verdict' (confirmed or rejected) or drop 'change'")
        }
        if e.action != nil {
            guard e.kind == .note else { throw fail("action", "only a note records an action item; make the kind 'note'") }
            guard e.incident != nil else { throw fail("incident", "is missing; an action item belongs to an incident, name it in 'incident'") }
            if let status = e.status, ActionItem.State(rawValue: status) == nil {
                let all = ActionItem.State.allCases.map(\.rawValue)
                throw fail("status", "'\(status)' is not a status of an action item; use one of \(all.joined(separator: ", "))")
            }
            if let p = e.priority, ActionPriority(rawValue: p) == nil {
                throw fail(
                    "priority", "'\(p)' is not a priority; use one of \(ActionPriority.allCases.map(\.rawValue).joined(separator: ", ")) (P1 most urgent)")
            }
            if let t = e.actionType, ActionType(rawValue: t) == nil {
                let all = ActionType.allCases.map(\.rawValue)
                let hint = Suggest.nearest(t, in: all).map { "did you mean '\($0)'? " } ?? ""
                throw fail("action_type", "'\(t)' is not a type of action item; \(hint)use one of \(all.joined(separator: ", "))")
            }
        } else {
            if e.priority != nil { throw fail("priority", "only an action item has a priority; add 'action' (the item's id) or drop 'priority'") }
            if e.actionType != nil {
                throw fail("action_type", "only an action item has a type; add 'action' (the item's id) or drop 'action_type'")
            }
            if e.owner != nil { throw fail("owner", "only an action item has an owner; add 'action' (the item's id) or drop 'owner'") }
            if e.due != nil { throw fail("due", "only an action item has a due date; add 'action' (the item's id) or drop 'due'") }
        }
        if e.retracts != nil {
            guard e.kind == .note else { throw fail("retracts", "only a note retracts another; make the kind 'note'") }
            guard e.incident != nil else { throw fail("incident", "is missing; a retraction withdraws a note of an incident, name it in 'incident'") }
            guard e.verdict == nil, e.action == nil else {
                throw fail("retracts", "a retraction only withdraws; record a new verdict or action item in a note of its own")
            }
        }
        if let due = e.due, case .failure(let error) = DueDate.parse(due) {
            throw fail("due", "\(error), or a date such as 2026-12-15")
        }
        if let commit = e.commitTime {
            guard e.kind.isChange else { throw fail("commit_time", "only a change has a commit time; drop it from a \(e.kind.rawValue) event") }
            guard commit <= (e.end ?? e.time) else {
                throw fail(
                    "commit_time",
                    "\(commit.rfc3339) is after the change reached its environment at \((e.end ?? e.time).rfc3339); "
                        + "a change is committed before it ships")
            }
        }
    }
}
