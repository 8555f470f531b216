import Hindsight
import HindsightReport

/// A table of action items, on the incident page and on `/actions`: state (overdue marked), priority,
/// type, owner, due date and ticket, with a "Mark done" form on each open item for a writer.
struct ActionItemTable {
    var items: [ActionItem]
    var view: PageView
    var showIncident: Bool
    /// Where a "Mark done" form comes back to (a path of this server).
    var returnTo: String

    func h(_ s: String) -> String { PageLayout.h(s) }

    var html: String {
        var out = "<table class=\"list actions\"><thead><tr>"
        if showIncident { out += "<th scope=\"col\">Incident</th>" }
        out += "<th scope=\"col\">Item</th><th scope=\"col\">What</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th>"
        out += "<th scope=\"col\">Priority</th><th scope=\"col\">Type</th><th scope=\"col\">Ticket</th><th scope=\"col\">State</th>"
        out += view.canWrite ? "<th scope=\"col\">Act</th></tr></thead><tbody>\n" : "</tr></thead><tbody>\n"
        for item in items {
            let state: String
            if item.state == .done {
                state =
                    "<span class=\"badge ok\">done</span>" + (item.doneAt.map { " \(h(view.time($0)))" } ?? "")
                    + (item.doneBy.map { " by \(h($0))" } ?? "")
            } else if item.isOverdue(at: view.now) {
                state = "<span class=\"badge bad\">overdue</span>"
            } else {
                state = "<span class=\"badge\">open</span>"
            }
            out += "<tr id=\"item-\(h(item.id))\">"
            if showIncident { out += "<td>\(PageLink.incidentLink(item.incident))</td>" }
            out += "<td class=\"nowrap\">\(itemID(item))</td><td class=\"text\">\(h(item.text))</td><td class=\"text\">\(h(item.owner ?? "unassigned"))</td>"
            out += "<td class=\"nowrap\">\(h(item.due?.text ?? "–"))</td><td>\(h(item.priority?.rawValue ?? "–"))</td>"
            out += "<td>\(h(item.type?.rawValue ?? "–"))</td><td class=\"text\">\(ticket(item.link))</td><td>\(state)</td>"
            if view.canWrite {
                out += "<td>"
                if item.state == .open {
                    out += """
                        <form class="inline" method="post" action="/actions/\(h(HindsightServer.pathSegment(item.id)))/done">\(view.csrfField)\
                        <input type="hidden" name="return" value="\(h(returnTo))"><input type="hidden" name="by" value="\(h(view.author))">\
                        <button type="submit" aria-label="Mark \(h(item.id)) done">Mark done</button></form>
                        """
                }
                out += "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// The item's id; beside its incident's column only its number (`A3`), the whole id in its title.
    func itemID(_ item: ActionItem) -> String {
        guard showIncident, let n = ActionItem.number(of: item.id, incident: item.incident) else { return "<code>\(h(item.id))</code>" }
        return "<code title=\"\(h(item.id))\">A\(n)</code>"
    }

    /// An http(s) link opens the ticket; anything else is shown as text, never as a link.
    func ticket(_ link: String?) -> String {
        guard let link else { return "–" }
        let lower = link.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return h(link) }
        return "<a href=\"\(h(link))\" rel=\"noopener noreferrer\">ticket</a>"
    }
}
