import Hindsight

extension PostmortemViewModel {
    /// What the team added: its verdict on the trigger, its notes, its action items (docs/retrospective.md).
    package struct Team: Sendable {
        /// `confirmed by ana at …: why`, when the team confirmed the trigger.
        package var confirmation: String?
        /// The correlator's own choice, shown when the team confirmed a different change: `` `r-1` (95%) `` or `none`.
        package var correlatorChoice: String?
        /// Whether the team confirmed the change the correlator chose.
        package var agreesWithCorrelator: Bool
        /// Changes the team rejected: `` `cfg-1` rejected by bob at …: why ``.
        package var rejected: [String]
        package var hasRejected: Bool
        /// Whether no verdict has been given yet.
        package var noVerdict: Bool
        package var notes: [NoteRow]
        package var hasNotes: Bool
        package var actions: [ActionRow]
        package var hasActions: Bool
        /// `hindsight trigger confirm INC-1 CHANGE-ID --by NAME`, escaped: how to give a verdict.
        package var verdictCommand: String
        /// `hindsight action add INC-1 TEXT --owner NAME --due DATE`, escaped.
        package var actionCommand: String
    }

    /// A person's timeline note.
    package struct NoteRow: Sendable {
        package var time: String
        package var by: String?
        package var text: String
    }

    /// An action item as a task-list line.
    package struct ActionRow: Sendable {
        package var id: String
        package var text: String
        package var owner: String
        package var due: String?
        package var link: String?
        /// `P1` to `P4`.
        package var priority: String?
        /// `prevent`, `mitigate`, `detect` or `process`.
        package var type: String?
        /// `x` when done, a space when open (a Markdown task-list box).
        package var check: String
        package var done: Bool
    }

    static func team(_ a: IncidentAnalysis, notes: [Event], actionItems: [ActionItem], tz: ReportTimeZone) -> Team {
        func md(_ s: String) -> String { MarkdownEscaping.inline(s) }
        func code(_ s: String) -> String { MarkdownEscaping.code(s) }
        func sentence(_ v: TeamVerdict) -> String {
            "\(v.decision.rawValue) by \(md(v.by ?? "someone")) at \(tz.dateTime(v.time))" + (v.why.map { ": " + md($0) } ?? "")
        }
        let confirmation = a.confirmation
        let agrees = confirmation.map { $0.change == a.correlatorTrigger?.change.id } ?? false
        let rejected = a.verdicts.filter { $0.decision == .rejected }.map { code($0.change) + " " + sentence($0) }
        let retracted = Set(notes.compactMap(\.retracts))
        let noteRows = notes.filter { $0.isPlainNote && !retracted.contains($0.id) }.map { n in
            NoteRow(time: tz.dateTime(n.time), by: n.actor.map(md), text: md(n.summary ?? n.title ?? ""))
        }
        let actions = actionItems.map { i in
            ActionRow(
                id: md(i.id), text: md(i.text), owner: md(i.owner ?? "unassigned"), due: i.due.map { md($0.text) },
                link: i.link.flatMap(link), priority: i.priority?.rawValue, type: i.type?.rawValue, check: i.state == .done ? "x" : " ",
                done: i.state == .done)
        }
        return Team(
            confirmation: confirmation.map(sentence),
            correlatorChoice: confirmation == nil || agrees
                ? nil
                : a.correlatorTrigger.map { code($0.change.id) + " (\(Formatting.score($0.score)))" } ?? "none (it abstained)",
            agreesWithCorrelator: agrees, rejected: rejected, hasRejected: !rejected.isEmpty,
            noVerdict: a.verdicts.isEmpty, notes: noteRows, hasNotes: !noteRows.isEmpty, actions: actions, hasActions: !actions.isEmpty,
            verdictCommand: code("hindsight trigger confirm \(a.incident) CHANGE-ID --by NAME"),
            actionCommand: code("hindsight action add \(a.incident) TEXT --owner NAME --due DATE --priority P2 --type prevent"))
    }
}
