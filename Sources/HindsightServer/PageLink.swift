/// Links between the pages: every incident, change and service id shown is one, each id percent-encoded
/// (`HindsightServer.pathSegment`, `queryValue`) and the whole escaped for HTML.
enum PageLink {
    static func incident(_ id: String) -> String { "/incidents/" + HindsightServer.pathSegment(id) }
    /// A change: what changed before it, which names it and its neighbours.
    static func change(_ id: String) -> String { "/changes?before=" + HindsightServer.queryValue(id) }
    /// A service: its incidents.
    static func service(_ name: String) -> String { "/?service=" + HindsightServer.queryValue(name) }

    /// `<a href="…"><code>id</code></a>`.
    static func code(_ href: String, _ text: String) -> String { "<a href=\"\(PageLayout.h(href))\"><code>\(PageLayout.h(text))</code></a>" }
    /// `<a href="…">text</a>`.
    static func text(_ href: String, _ text: String) -> String { "<a href=\"\(PageLayout.h(href))\">\(PageLayout.h(text))</a>" }

    static func incidentLink(_ id: String) -> String { text(incident(id), id) }
    static func changeLink(_ id: String) -> String { code(change(id), id) }
    static func serviceLink(_ name: String) -> String { text(service(name), name) }
}
