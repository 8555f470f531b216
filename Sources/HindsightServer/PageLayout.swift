import HindsightReport

/// The frame of every server page: header with navigation, the stylesheet as a file (the
/// Content-Security-Policy allows no inline style), no scripts. Content is escaped by the callers.
enum PageLayout {
    /// A page; with the login session, the header names its token and offers to log out. With the
    /// request's `view`, the page says which zone its times are in and offers to change it.
    static func page(title: String, body: String, session: Session? = nil, view: PageView? = nil) -> String {
        let session = session ?? view?.session
        let who =
            session.map {
                """
                <form class="logout" method="post" action="/logout"><span>signed in as \(h($0.tokenName))</span>\
                \(csrfField($0)) <button type="submit">Log out</button></form>
                """
            } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · Hindsight</title>
            <link rel="stylesheet" href="/static/hindsight.css">
            </head>
            <body>
            <header class="site"><a class="brand" href="/">Hindsight</a><nav><a href="/">Incidents</a><a href="/review">Review</a>\
            <a href="/actions">Action items</a><a href="/changes">What changed before…</a></nav>\(who)</header>
            <main>
            \(view?.timeZoneProblem.map { "<p class=\"problem\" role=\"alert\">\(h($0))</p>\n" } ?? "")\(body)
            </main>
            \(view.map(zoneChooser) ?? "")
            </body>
            </html>

            """
    }

    /// The footer's time-zone chooser: a GET form back to the same view (its query kept) with `tz`.
    static func zoneChooser(_ view: PageView) -> String {
        let kept = view.query.map { "<input type=\"hidden\" name=\"\(h($0.name))\" value=\"\(h($0.value))\">" }.joined()
        return """
            <footer class="site"><form class="zone" method="get" action="\(h(view.path))">\(kept)\
            <label for="tz">Times in</label> <input id="tz" name="tz" list="tz-names" size="22" value="\(h(view.timeZone.name))" \
            autocomplete="off" spellcheck="false"> <button type="submit">Show</button></form>
            <datalist id="tz-names">\(zoneOptions)</datalist></footer>
            """
    }

    /// `<option>`s of UTC and every region name of the tz database, made once.
    static let zoneOptions = (["UTC"] + ReportTimeZone.names).map { "<option value=\"\(h($0))\">" }.joined()

    /// The hidden field every state-changing form of a session carries (`CSRFMiddleware` checks it).
    package static func csrfField(_ session: Session) -> String {
        "<input type=\"hidden\" name=\"\(CSRFMiddleware.field)\" value=\"\(h(session.csrfToken))\">"
    }

    /// Text for HTML content and attribute values.
    static func h(_ text: String) -> String { MarkdownEscaping.html(text) }

    static let stylesheet =
        MarkdownHTML.stylesheet + """

            header.site { display: flex; align-items: center; gap: 1.5rem; padding: .7rem 1.5rem; background: #24292f; color: #fff; }
            header.site a { color: #fff; text-decoration: none; } header.site a.brand { font-weight: 700; font-size: 1.1rem; }
            header.site nav { display: flex; gap: 1rem; flex: 1; } header.site nav a { opacity: .85; } header.site nav a:hover { opacity: 1; text-decoration: underline; }
            form.logout { display: flex; gap: .5rem; align-items: center; font-size: .9rem; }
            main { max-width: 64rem; }
            .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .6rem; margin: 1rem 0; }
            .facts div { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .8rem; background: #f6f8fa; }
            .facts dt { font-size: .8rem; color: #57606a; text-transform: uppercase; letter-spacing: .03em; } .facts dd { margin: 0; font-weight: 600; }
            .badge { display: inline-block; white-space: nowrap; padding: 0 .45em; border-radius: 1em; font-size: .8em; font-weight: 600; background: #eaeef2; color: #24292f; }
            .badge.bad { background: #ffebe9; color: #cf222e; } .badge.ok { background: #dafbe1; color: #1a7f37; }
            form.search { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; padding: 1rem; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
            form.search label, form.login label { display: flex; flex-direction: column; font-size: .85rem; color: #57606a; gap: .2rem; }
            input, button { font: inherit; padding: .35rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
            button { background: #1f883d; color: #fff; border-color: #1a7f37; cursor: pointer; }
            form.logout button { background: transparent; border-color: #8c959f; color: #fff; padding: .15rem .5rem; }
            form.login { max-width: 28rem; display: flex; flex-direction: column; gap: .8rem; }
            p.problem { color: #cf222e; font-weight: 600; } p.muted { color: #57606a; } p.done { color: #1a7f37; font-weight: 600; }
            footer.site { max-width: 64rem; margin: 2rem auto; padding: 1rem 1.5rem; border-top: 1px solid #d0d7de; color: #57606a; font-size: .9rem; }
            footer.site form { display: flex; gap: .5rem; align-items: center; }
            a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
              outline: 3px solid #0969da; outline-offset: 2px; }
            a { color: #0969da; } a code { color: inherit; }
            section.team { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem 1rem; margin: 1.5rem 0; background: #fbfcfd; }
            section.team h2 { margin-top: 1rem; } section.team h3 { margin: 1.2rem 0 .4rem; font-size: 1rem; }
            form.act { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin: .4rem 0; }
            form.act label { display: flex; flex-direction: column; font-size: .85rem; color: #57606a; gap: .2rem; }
            form.act label.wide { flex: 1 1 18rem; } form.act label.wide input, form.act label.wide textarea { width: 100%; box-sizing: border-box; }
            form.inline { display: inline; margin: 0; } form.inline button, button.secondary { background: #f6f8fa; color: #24292f; border-color: #8c959f; padding: .15rem .5rem; font-size: .85rem; }
            button.reject { background: #cf222e; border-color: #a40e26; }
            textarea, select { font: inherit; padding: .35rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
            table.list { display: table; width: 100%; } table.list td { overflow-wrap: break-word; } table.incidents td, table.list td.text { overflow-wrap: anywhere; } table.list code { word-break: break-all; } td.num { text-align: right; white-space: nowrap; } td.nowrap { white-space: nowrap; }
            .badge.warn { background: #fff8c5; color: #7d4e00; }
            nav.pages { display: flex; gap: 1rem; margin: 1rem 0; }
            """
}
