import HindsightReport

/// The frame of every server page: header with navigation, the stylesheet as a file (the
/// Content-Security-Policy allows no inline style), no scripts. Content is escaped by the callers.
enum PageLayout {
    /// A page; with the login session, the header names its token and offers to log out.
    static func page(title: String, body: String, session: Session? = nil) -> String {
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
            <header class="site"><a class="brand" href="/">Hindsight</a><nav><a href="/">Incidents</a><a href="/changes">What changed before…</a></nav>\(who)</header>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

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
            .badge { display: inline-block; padding: 0 .45em; border-radius: 1em; font-size: .8em; font-weight: 600; background: #eaeef2; color: #24292f; }
            .badge.bad { background: #ffebe9; color: #cf222e; } .badge.ok { background: #dafbe1; color: #1a7f37; }
            form.search { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; padding: 1rem; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
            form.search label, form.login label { display: flex; flex-direction: column; font-size: .85rem; color: #57606a; gap: .2rem; }
            input, button { font: inherit; padding: .35rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
            button { background: #1f883d; color: #fff; border-color: #1a7f37; cursor: pointer; }
            form.logout button { background: transparent; border-color: #8c959f; color: #fff; padding: .15rem .5rem; }
            form.login { max-width: 28rem; display: flex; flex-direction: column; gap: .8rem; }
            p.problem { color: #cf222e; font-weight: 600; } p.muted { color: #57606a; }
            """
}
