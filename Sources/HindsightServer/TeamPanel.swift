import Hindsight
import HindsightReport

/// The incident page's team review: verdicts on the trigger and the candidates, notes and action items,
/// each with its form (plain HTML, no script, the session's CSRF token in each) when the reader may write.
/// Every piece of event text is escaped.
struct TeamPanel {
    var analysis: IncidentAnalysis
    var timeline: [Event]
    var items: [ActionItem]
    var view: PageView
    var saved: String?
    var problem: FormProblem?

    /// How many candidates get a verdict form of their own (any other change can be named in the last form).
    static let candidateLimit = 8

    static let savedMessages = [
        "verdict": "Verdict recorded.", "note": "Note added.", "action": "Action item opened.", "done": "Action item marked done.",
        "retract": "Retracted; it stays in the store's history.",
        "dismiss": "Dismissed as a false alarm: it leaves the default lists and the change failure rate.",
    ]

    func h(_ s: String) -> String { PageLayout.h(s) }

    var html: String {
        var out = "<section class=\"team\" id=\"team\" aria-labelledby=\"team-title\">\n<h2 id=\"team-title\">Team review</h2>\n"
        if let saved, let message = Self.savedMessages[saved] { out += "<p class=\"done\" role=\"status\">\(h(message))</p>\n" }
        if !view.canWrite {
            out +=
                "<p class=\"muted\">Reading only. <a href=\"/login?next=\(h(HindsightServer.queryValue(PageLink.incident(analysis.incident))))\">Log in</a> "
                + "with a token of scope write to confirm or reject the trigger, add notes and action items.</p>\n"
        }
        out += guardAlarm + verdicts + notes + actions
        return out + "</section>\n"
    }

    // MARK: The guard's alarm

    /// When the guard flagged a change of this incident: its dismissal in force, or, on the guard's own incident (not
    /// one a person declared that absorbed it), the form that dismisses it.
    var guardAlarm: String {
        guard let flagged = analysis.guardDetection, let change = flagged.change else { return "" }
        var out = "<h3 id=\"guard\">The guard's alarm</h3>\n"
        out += "<p>The guard flagged \(PageLink.changeLink(change)) failing at \(h(view.time(flagged.time))).</p>\n"
        if let dismissal = analysis.falseAlarm {
            return out
                + "<p><span class=\"badge ok\">false alarm</span> dismissed by \(h(dismissal.by ?? "someone")) at \(h(view.time(dismissal.time)))"
                + (dismissal.why.map { ": \(h($0))" } ?? "") + "</p>\n"
        }
        guard view.canWrite, GuardFacts.raised(analysis.incident) else { return out }
        return out + problemLine("dismiss") + """
            <form class="act" method="post" action="\(h(path("dismissal")))">\(view.csrfField)
            <input type="hidden" name="change" value="\(h(change))"><input type="hidden" name="form" value="dismiss">
            <label class="wide">Why it was a false alarm<input name="why" required value="\(h(typed("dismiss", "why")))"></label>
            <label>By<input name="by" size="12" value="\(h(typed("dismiss", "by", or: view.author)))"></label>
            <button type="submit" class="reject">Dismiss as a false alarm</button>
            </form>

            """
    }

    // MARK: Verdicts

    var verdicts: String {
        let a = analysis
        var out = "<h3 id=\"verdicts\">Trigger</h3>\n"
        var rows: [(id: String, score: String)] = a.candidates.prefix(Self.candidateLimit).map { ($0.change.id, Formatting.score($0.score)) }
        for v in a.verdicts where !rows.contains(where: { $0.id == v.change }) { rows.append((v.change, "–")) }
        let inForce = Dictionary(a.verdicts.map { ($0.change, $0) }, uniquingKeysWith: { _, last in last })
        if rows.isEmpty {
            out += "<p>The correlator named no candidate" + (a.abstention.map { ": \(h($0))" } ?? "") + ".</p>\n"
        } else {
            out += "<table class=\"list\"><thead><tr><th scope=\"col\">Change</th><th scope=\"col\">Score</th><th scope=\"col\">Team's verdict</th>"
            out += view.canWrite ? "<th scope=\"col\">Decide</th></tr></thead><tbody>\n" : "</tr></thead><tbody>\n"
            for (i, row) in rows.enumerated() {
                let role = row.id == a.trigger?.change.id ? " <span class=\"badge bad\">trigger</span>" : ""
                var verdict = "–"
                if let v = inForce[row.id] {
                    let badge = v.decision == .confirmed ? "ok" : "bad"
                    verdict =
                        "<span class=\"badge \(badge)\">\(h(v.decision.rawValue))</span> by \(h(v.by ?? "someone")) at \(h(view.time(v.time)))"
                        + (v.why.map { ": \(h($0))" } ?? "") + retractForm(v.eventID, what: "verdict on \(row.id)", index: "v\(i)")
                }
                out += "<tr><td>\(PageLink.changeLink(row.id))\(role)</td><td class=\"num\">\(h(row.score))</td><td>\(verdict)</td>"
                if view.canWrite { out += "<td>\(verdictForm(change: row.id, index: i))</td>" }
                out += "</tr>\n"
            }
            out += "</tbody></table>\n"
        }
        if view.canWrite {
            let changes = Set(timeline.filter(\.kind.isChange).map(\.id)).subtracting(rows.map(\.id)).sorted()
            out += problemLine("verdict-other")
            out += """
                <form class="act" method="post" action="\(h(path("verdicts")))">\(view.csrfField)
                <label>Another change (its id)<input name="change" list="other-changes" required size="28" value="\(h(typed("verdict-other", "change")))"></label>
                <datalist id="other-changes">\(changes.map { "<option value=\"\(h($0))\">" }.joined())</datalist>
                <label class="wide">Reason<input name="why" value="\(h(typed("verdict-other", "why")))"></label>
                <label>By<input name="by" size="12" value="\(h(typed("verdict-other", "by", or: view.author)))"></label>
                <input type="hidden" name="form" value="verdict-other">
                <button type="submit" name="verdict" value="confirmed">Confirm as trigger</button>
                <button type="submit" name="verdict" value="rejected" class="reject">Reject</button>
                </form>

                """
        }
        return out
    }

    func verdictForm(change: String, index: Int) -> String {
        let key = "verdict-\(index)"
        return problemLine(key) + """
            <form class="act" method="post" action="\(h(path("verdicts")))">\(view.csrfField)\
            <input type="hidden" name="change" value="\(h(change))"><input type="hidden" name="form" value="\(key)">\
            <label class="wide">Reason for \(h(change))<input name="why" value="\(h(typed(key, "why")))"></label>\
            <input type="hidden" name="by" value="\(h(typed(key, "by", or: view.author)))">\
            <button type="submit" name="verdict" value="confirmed">Confirm</button> \
            <button type="submit" name="verdict" value="rejected" class="reject">Reject</button></form>
            """
    }

    // MARK: Notes

    var notes: String {
        let retracted = Set(timeline.compactMap(\.retracts))
        let mine = timeline.filter { $0.isPlainNote && $0.incident == analysis.incident && !retracted.contains($0.id) }
        var out = "<h3 id=\"notes\">Notes</h3>\n"
        if mine.isEmpty {
            out += "<p class=\"muted\">No note yet.</p>\n"
        } else {
            out += "<ul class=\"notes\">\n"
            for (i, n) in mine.enumerated() {
                out +=
                    "<li><span class=\"nowrap\">\(h(view.time(n.time)))</span>" + (n.actor.map { " (\(h($0)))" } ?? "")
                    + ": \(h(n.summary ?? n.title ?? ""))" + retractForm(n.id, what: "note", index: "n\(i)") + "</li>\n"
            }
            out += "</ul>\n"
        }
        guard view.canWrite else { return out }
        return out + problemLine("note") + """
            <form class="act" method="post" action="\(h(path("notes")))">\(view.csrfField)
            <label class="wide">Note<textarea name="text" rows="2" required>\(h(typed("note", "text")))</textarea></label>
            <label>When (\(h(view.timeZone.name)); blank: now)<input name="at" type="datetime-local" value="\(h(typed("note", "at")))"></label>
            <label>By<input name="by" size="12" value="\(h(typed("note", "by", or: view.author)))"></label>
            <input type="hidden" name="form" value="note">
            <button type="submit">Add note</button>
            </form>

            """
    }

    /// A small form that retracts a note or verdict, behind a disclosure so the list stays readable.
    func retractForm(_ eventID: String, what: String, index: String) -> String {
        guard view.canWrite else { return "" }
        let key = "retract-\(index)"
        return problemLine(key) + """
             <details class="retract"><summary>Retract</summary><form class="act" method="post" action="\(h(path("retractions")))">\
            \(view.csrfField)<input type="hidden" name="event" value="\(h(eventID))"><input type="hidden" name="form" value="\(key)">\
            <label class="wide">Why retract this \(h(what))<input name="why" value="\(h(typed(key, "why")))"></label>\
            <input type="hidden" name="by" value="\(h(view.author))">\
            <button type="submit" class="reject">Retract</button></form></details>
            """
    }

    // MARK: Action items

    var actions: String {
        var out = "<h3 id=\"actions\">Action items</h3>\n"
        if items.isEmpty {
            out += "<p class=\"muted\">No action item yet.</p>\n"
        } else {
            out += ActionItemTable(items: items, view: view, showIncident: false, returnTo: PageLink.incident(analysis.incident) + "#actions").html
        }
        guard view.canWrite else { return out }
        let priority = typed("action", "priority")
        let type = typed("action", "type")
        let priorities = ActionPriority.allCases.map { p in
            "<option value=\"\(p.rawValue)\"\(priority == p.rawValue ? " selected" : "")>\(p.rawValue)</option>"
        }.joined()
        let types = ActionType.allCases.map { t in
            "<option value=\"\(t.rawValue)\"\(type == t.rawValue ? " selected" : "")>\(t.rawValue)</option>"
        }.joined()
        return out + problemLine("action") + """
            <form class="act" method="post" action="\(h(path("actions")))">\(view.csrfField)
            <label class="wide">What is to be done<input name="text" required value="\(h(typed("action", "text")))"></label>
            <label>Owner<input name="owner" required size="12" value="\(h(typed("action", "owner")))"></label>
            <label>Due<input name="due" type="date" value="\(h(typed("action", "due")))"></label>
            <label>Priority<select name="priority"><option value="">–</option>\(priorities)</select></label>
            <label>Type<select name="type"><option value="">–</option>\(types)</select></label>
            <label>Ticket URL<input name="link" type="url" size="24" value="\(h(typed("action", "link")))"></label>
            <label>By<input name="by" size="12" value="\(h(typed("action", "by", or: view.author)))"></label>
            <input type="hidden" name="form" value="action">
            <button type="submit">Add action item</button>
            </form>

            """
    }

    // MARK: Helpers

    func path(_ action: String) -> String { PageLink.incident(analysis.incident) + "/" + action }

    /// What was typed in the refused form `key`, else `fallback`.
    func typed(_ key: String, _ field: String, or fallback: String = "") -> String {
        guard let problem, problem.form == key else { return fallback }
        return problem.fields[field] ?? fallback
    }

    func problemLine(_ key: String) -> String {
        guard let problem, problem.form == key else { return "" }
        return "<p class=\"problem\" role=\"alert\">\(h(problem.message))</p>\n"
    }
}
