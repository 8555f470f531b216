import Hindsight

/// The review's trend charts as SVG: detection lag per incident over the period, change failure rate per month.
/// Coordinates are whole numbers and every text from events is escaped, so the same review gives the same bytes.
package enum ReviewCharts {
    static let width = 720, height = 260
    static let left = 64, right = 16, top = 16, bottom = 40
    static var plotWidth: Int { width - left - right }
    static var plotHeight: Int { height - top - bottom }

    /// One point per incident with a known detection lag, at its impact start; red where customers reported it first.
    package static func detectionLag(_ r: Review) -> String {
        let points = r.incidents.compactMap { p in p.detectionLag.map { (p, $0) } }
        var svg = open("Detection lag per incident")
        guard !points.isEmpty else { return svg + empty("no incident of the period has a known detection lag") }
        let maxLag = niceCeiling(points.map { $0.1.milliseconds }.max()!)
        let span = max(1, (r.until - r.since).milliseconds)
        func x(_ t: Timestamp) -> Int { left + Int((Double((t - r.since).milliseconds) / Double(span) * Double(plotWidth)).rounded()) }
        func y(_ lag: TimeSpan) -> Int { top + plotHeight - Int((Double(lag.milliseconds) / Double(maxLag) * Double(plotHeight)).rounded()) }
        svg += axes(
            yTop: TimeSpan(milliseconds: maxLag).description, yMid: TimeSpan(milliseconds: maxLag / 2).description,
            xLabels: [
                (left, r.since.format(offsetMinutes: 0).prefix(10).description),
                (left + plotWidth, r.until.format(offsetMinutes: 0).prefix(10).description),
            ])
        let path = points.map { "\(x($0.0.at)),\(y($0.1))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1\"/>\n"
        for (p, lag) in points {
            let colour = p.detectedByCustomersFirst ? "#c0392b" : "#2f6feb"
            let label = "\(p.incident): detected \(lag) after impact start" + (p.detectedByCustomersFirst ? ", customers first" : "")
            svg += "<circle cx=\"\(x(p.at))\" cy=\"\(y(lag))\" r=\"4\" fill=\"\(colour)\"><title>\(esc(label))</title></circle>\n"
        }
        return svg + "</svg>\n"
    }

    /// One bar per month: failed changes ÷ production changes, with `n of m` above it; no bar for a month without changes.
    package static func changeFailureRate(_ r: Review) -> String {
        var svg = open("Change failure rate per month")
        guard !r.byMonth.isEmpty else { return svg + empty("the period has no month") }
        svg += axes(yTop: "100%", yMid: "50%", xLabels: [])
        let slot = plotWidth / r.byMonth.count
        let barWidth = max(4, slot * 3 / 5)
        for (i, m) in r.byMonth.enumerated() {
            let cx = left + slot * i + slot / 2
            svg += "<text x=\"\(cx)\" y=\"\(top + plotHeight + 18)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\">\(esc(m.month))</text>\n"
            guard let rate = m.dora.changeFailureRate else {
                svg += "<text x=\"\(cx)\" y=\"\(top + plotHeight - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#8c959f\">no changes</text>\n"
                continue
            }
            let h = Int((rate * Double(plotHeight)).rounded())
            let label = "\(m.dora.failedChanges) of \(m.dora.changes)"
            svg +=
                "<rect x=\"\(cx - barWidth / 2)\" y=\"\(top + plotHeight - h)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"#cf222e\">"
                + "<title>\(esc("\(m.month): \(ReviewReport.percent(rate)), \(label) changes triggered an incident"))</title></rect>\n"
            svg +=
                "<text x=\"\(cx)\" y=\"\(top + plotHeight - h - 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1f2328\">"
                + "\(esc(ReviewReport.percent(rate) + " (" + label + ")"))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func open(_ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
            + "<title>\(esc(title))</title>\n"
    }

    static func empty(_ why: String) -> String {
        "<text x=\"\(width / 2)\" y=\"\(height / 2)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#57606a\">\(esc(why))</text>\n</svg>\n"
    }

    /// `xLabels` are anchored at their x: the first starts there, the last ends there, others are centred.
    static func axes(yTop: String, yMid: String, xLabels: [(Int, String)]) -> String {
        let x0 = left
        let y0 = top + plotHeight
        var s = "<line x1=\"\(x0)\" y1=\"\(top)\" x2=\"\(x0)\" y2=\"\(y0)\" stroke=\"#57606a\"/>\n"
        s += "<line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(x0 + plotWidth)\" y2=\"\(y0)\" stroke=\"#57606a\"/>\n"
        s += "<line x1=\"\(x0)\" y1=\"\(top + plotHeight / 2)\" x2=\"\(x0 + plotWidth)\" y2=\"\(top + plotHeight / 2)\" stroke=\"#eaeef2\"/>\n"
        for (label, y) in [(yTop, top + 4), (yMid, top + plotHeight / 2 + 4), ("0", y0 + 4)] {
            s += "<text x=\"\(x0 - 6)\" y=\"\(y)\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">\(esc(label))</text>\n"
        }
        for (i, (x, label)) in xLabels.enumerated() {
            let anchor = i == 0 ? "start" : i == xLabels.count - 1 ? "end" : "middle"
            s += "<text x=\"\(x)\" y=\"\(y0 + 18)\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"#57606a\">\(esc(label))</text>\n"
        }
        return s
    }

    /// A round upper bound for the axis: 1, 2 or 5 times a power of ten minutes (at least one minute).
    static func niceCeiling(_ milliseconds: Int64) -> Int64 {
        let minute: Int64 = 60_000
        var unit: Int64 = 1
        while true {
            for m: Int64 in [1, 2, 5] where m * unit * minute >= milliseconds { return m * unit * minute }
            unit *= 10
        }
    }

    static func esc(_ s: String) -> String { MarkdownEscaping.html(MarkdownEscaping.oneLine(s)) }
}
