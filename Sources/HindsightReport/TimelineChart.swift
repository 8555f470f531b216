import Foundation
import Hindsight

/// The picture of an incident a reviewer wants before the prose, as one self-contained SVG (presentation
/// attributes only, no script, no style element, so it renders under a strict Content-Security-Policy):
/// signal rates per kind over time, each service's changes as markers on its lane (trigger and latent
/// change highlighted), and impact start, detection, first external report, mitigation and resolution
/// as vertical rules. Every piece of event text is escaped.
package struct TimelineChart: Sendable {
    package let analysis: IncidentAnalysis
    package let changes: [Event]
    package let rates: SignalRates
    package let timeZone: ReportTimeZone

    /// The grid the rates should be summed on for `a`: aligned buckets of a round width (1 min, 5 min, …),
    /// about 60 of them, covering `window(for: a)`.
    package static func rateGrid(for a: IncidentAnalysis) -> (start: Timestamp, bucket: TimeSpan, count: Int) {
        let w = window(for: a)
        let span = w.end.milliseconds - w.start.milliseconds
        let widths: [TimeSpan] = [
            .seconds(1), .seconds(5), .seconds(10), .seconds(15), .seconds(30), .minutes(1), .minutes(2), .minutes(5),
            .minutes(10), .minutes(15), .minutes(30), .hours(1), .hours(2), .hours(3), .hours(6), .hours(12), .days(1),
        ]
        let bucket = widths.first { span / $0.milliseconds <= 60 } ?? .days(7)
        let start = Timestamp(milliseconds: w.start.milliseconds - ((w.start.milliseconds % bucket.milliseconds) + bucket.milliseconds) % bucket.milliseconds)
        let count = Int((w.end.milliseconds - start.milliseconds + bucket.milliseconds - 1) / bucket.milliseconds)
        return (start, bucket, count)
    }
    /// At most this many service lanes; the rest are counted in a note.
    static let maxLanes = 8

    /// `changes` are the changes to place (the timeline's; the analysis's trigger, latent change,
    /// candidates and rollback are added); `rates` should be summed on `rateGrid(for:)`.
    package init(analysis: IncidentAnalysis, changes: [Event], rates: SignalRates, timeZone: ReportTimeZone = .utc) {
        self.analysis = analysis
        var placed = changes.filter { $0.kind.isChange }
        var ids = Set(placed.map(\.id))
        for e in analysis.candidates.map(\.change) + [analysis.latentChange, analysis.rollback].compactMap({ $0 }) where ids.insert(e.id).inserted {
            placed.append(e)
        }
        self.changes = placed.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        self.rates = rates
        self.timeZone = timeZone
    }

    /// The span the chart shows: from a little before the trigger or impact start (whichever is first)
    /// to a little after mitigation (else resolution, else the last signal), and at least past detection
    /// and the first customer report. Earlier changes are pinned to its left edge, later rules to its right.
    package static func window(for a: IncidentAnalysis) -> (start: Timestamp, end: Timestamp) {
        var firsts = [a.impactStart, a.trigger?.change.time, a.detectedAt].compactMap { $0 }
        let close = a.mitigatedAt ?? a.resolvedAt ?? a.signals.map(\.last).max()
        let lasts = [close, a.detectedAt, a.firstExternalReportAt, a.impactStart].compactMap { $0 }
        // The runners-up shortly before impact belong in the picture too: up to as long before it as the incident lasted.
        if let impact = a.impactStart, let close {
            let reach = max(close - impact, .minutes(30))
            firsts += a.candidates.prefix(3).map(\.change.time).filter { $0 < impact && impact - $0 <= reach }
        }
        let start = firsts.min() ?? lasts.min() ?? Timestamp(milliseconds: 0)
        let end = max(lasts.max() ?? start, start + .minutes(10))
        let pad = TimeSpan(milliseconds: max((end - start).milliseconds / 12, TimeSpan.minutes(2).milliseconds))
        return (start - pad, end + pad)
    }

    // Geometry.
    static let width = 960.0, left = 232.0, right = 24.0
    /// Changes before the chart's span stand in a gutter left of the plot, behind a break mark.
    static let gutter = 186.0
    static let rateTop = 58.0
    package static let bandHeight = 64.0
    static let laneHeight = 46.0
    /// A resolution after the chart's span is drawn in a gutter right of the plot, behind a break mark.
    static let lateGutter = 96.0

    static let kindColors: [EventKind: String] = [
        .crash: "#cf222e", .alert: "#bf8700", .report: "#8250df",
        .deploy: "#0969da", .release: "#1a7f37", .config: "#953800", .rollback: "#57606a",
    ]

    /// The SVG element.
    package var svg: String {
        let window = Self.window(for: analysis)
        let span = Double(max(1, window.end.milliseconds - window.start.milliseconds))
        let lateResolution = analysis.resolvedAt.map { $0 > window.end } ?? false
        let plotRight = Self.width - Self.right - (lateResolution ? Self.lateGutter : 0)
        let plotWidth = plotRight - Self.left
        func x(_ t: Timestamp) -> Double {
            Self.left + plotWidth * min(1, max(0, Double(t.milliseconds - window.start.milliseconds) / span))
        }
        let kinds = EventKind.signals.filter { (rates.counts[$0] ?? []).contains { $0 > 0 } }
        let rateHeight = Self.bandHeight * Double(max(kinds.count, 1))
        let laneTop = Self.rateTop + rateHeight + 54
        let lanes = laneServices()
        let shownLanes = Array(lanes.prefix(Self.maxLanes))
        let lanesBottom = laneTop + Double(max(shownLanes.count, 1)) * Self.laneHeight
        let axisY = lanesBottom + 8
        let height = axisY + 56

        var s = SVGWriter()
        let title = "Timeline of incident \(analysis.incident)" + (analysis.title.map { ": \($0)" } ?? "")
        s.open(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(Self.width)) \(Int(height))",
                "width": "100%", "role": "img", "aria-labelledby": "chart-title",
                "font-family": "-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", "font-size": "12",
                "class": "timeline-chart",
            ])
        s.element("title", ["id": "chart-title"], text: title)
        s.element("rect", ["x": "0", "y": "0", "width": Self.f(Self.width), "height": Self.f(height), "fill": "#ffffff"])

        // The impact, shaded behind everything: from impact start to mitigation (red), then to resolution (green).
        if let impact = analysis.impactStart {
            let mitigated = analysis.mitigatedAt ?? analysis.resolvedAt
            let bottom = lanesBottom
            let x1 = x(mitigated ?? window.end)
            s.element(
                "rect",
                [
                    "class": "impact-span", "x": Self.f(x(impact)), "y": Self.f(Self.rateTop), "width": Self.f(max(0, x1 - x(impact))),
                    "height": Self.f(bottom - Self.rateTop), "fill": "#cf222e", "fill-opacity": "0.05",
                ])
            if let m = analysis.mitigatedAt, let r = analysis.resolvedAt, r > m {
                let x2 = lateResolution ? plotRight : x(r)
                s.element(
                    "rect",
                    [
                        "class": "recovery-span", "x": Self.f(x(m)), "y": Self.f(Self.rateTop), "width": Self.f(max(0, x2 - x(m))),
                        "height": Self.f(bottom - Self.rateTop), "fill": "#1a7f37", "fill-opacity": "0.05",
                    ])
            }
        }

        // Rate panel: one band per signal kind, all on one logarithmic value axis (1, 10, 100, … up to the
        // largest peak's power of ten), so a dozen customer reports stay visible next to millions of crashes
        // and are not drawn as tall as them; each band names its peak.
        s.element(
            "rect",
            [
                "x": Self.f(Self.left), "y": Self.f(Self.rateTop), "width": Self.f(plotWidth), "height": Self.f(rateHeight),
                "fill": "#f6f8fa", "fill-opacity": "0.6", "stroke": "#d0d7de",
            ])
        s.element("text", ["x": "12", "y": Self.f(Self.rateTop + 12), "fill": "#24292f", "font-weight": "600"], text: "Signals")
        s.element("text", ["x": "12", "y": Self.f(Self.rateTop + 28), "fill": "#57606a"], text: "per \(rates.bucket),")
        s.element("text", ["x": "12", "y": Self.f(Self.rateTop + 42), "fill": "#57606a"], text: "log scale")
        let band = Self.bandHeight
        let globalPeak = kinds.map { rates.counts[$0]?.max() ?? 0 }.max() ?? 0
        let decades = Self.decades(globalPeak)
        func barHeight(_ n: Int) -> Double { Self.barHeight(n, decades: decades, band: band) }
        for (k, kind) in kinds.enumerated() {
            let counts = rates.counts[kind] ?? []
            let peak = counts.max() ?? 0
            let base = Self.rateTop + band * Double(k + 1)
            let color = Self.kindColors[kind] ?? "#24292f"
            if k > 0 {
                s.element(
                    "line", ["x1": Self.f(Self.left), "y1": Self.f(base - band), "x2": Self.f(plotRight), "y2": Self.f(base - band), "stroke": "#d0d7de"])
            }
            s.element(
                "text", ["x": Self.f(Self.left - 40), "y": Self.f(base - band / 2 - 2), "text-anchor": "end", "fill": color, "font-weight": "600"],
                text: kind == .crash ? "crashes" : kind.rawValue + "s")
            s.element(
                "text", ["x": Self.f(Self.left - 40), "y": Self.f(base - band / 2 + 12), "text-anchor": "end", "fill": "#57606a"],
                text: "peak " + Formatting.thousands(peak))
            // The value axis: a tick per power of ten, labelled from the top down as often as the band has room.
            s.open("g", ["class": "value-axis", "font-size": "10", "fill": "#57606a"])
            s.element("line", ["x1": Self.f(Self.left), "y1": Self.f(base), "x2": Self.f(Self.left), "y2": Self.f(base - band + 4), "stroke": "#8c959f"])
            let perDecade = (band - 8) / Double(decades)
            let labelEvery = max(1, Int((11 / perDecade).rounded(.up)))
            for d in 0...decades {
                let ty = base - barHeight(Int(pow(10, Double(d))))
                s.element("line", ["x1": Self.f(Self.left - 4), "y1": Self.f(ty), "x2": Self.f(Self.left), "y2": Self.f(ty), "stroke": "#8c959f"])
                s.element(
                    "line",
                    ["x1": Self.f(Self.left), "y1": Self.f(ty), "x2": Self.f(plotRight), "y2": Self.f(ty), "stroke": "#d0d7de", "stroke-dasharray": "2 4"])
                if (decades - d) % labelEvery == 0 {
                    s.element("text", ["x": Self.f(Self.left - 6), "y": Self.f(ty + 3), "text-anchor": "end"], text: Self.decadeLabel(d))
                }
            }
            s.close("g")
            var points: [String] = []
            for (i, n) in counts.enumerated() {
                let t0 = rates.start + TimeSpan(milliseconds: rates.bucket.milliseconds * Int64(i))
                var x0 = x(t0)
                // The bucket holding impact start is drawn from impact start: no signal shows before it.
                let y = base - barHeight(n)
                if let impact = analysis.impactStart, impact > t0, impact < t0 + rates.bucket {
                    x0 = x(impact)
                    points.append("\(Self.f(x0)),\(Self.f(base))")
                }
                points.append("\(Self.f(x0)),\(Self.f(y))")
                points.append("\(Self.f(x(t0 + rates.bucket))),\(Self.f(y))")
            }
            s.open("g", ["class": "rate rate-\(kind.rawValue)"])
            s.element(
                "title", [:],
                text:
                    "\(kind.rawValue): \(Formatting.thousands(counts.reduce(0, +))) in the chart's span, at most \(Formatting.thousands(peak)) per \(rates.bucket)"
            )
            s.element(
                "polygon",
                [
                    "points": ([Self.f(Self.left) + "," + Self.f(base)] + points + [Self.f(x(window.end)) + "," + Self.f(base)]).joined(separator: " "),
                    "fill": color, "fill-opacity": "0.18", "stroke": "none",
                ])
            s.element("polyline", ["points": points.joined(separator: " "), "fill": "none", "stroke": color, "stroke-width": "2"])
            s.close("g")
        }
        if kinds.isEmpty {
            s.element(
                "text", ["x": Self.f(Self.left + plotWidth / 2), "y": Self.f(Self.rateTop + rateHeight / 2), "text-anchor": "middle", "fill": "#57606a"],
                text: "no signals in this span")
        }

        // Legend.
        var lx = Self.left
        for kind in kinds + [EventKind.deploy, .release, .config, .rollback] {
            let color = Self.kindColors[kind] ?? "#24292f"
            if kind.isSignal {
                s.element("rect", ["x": Self.f(lx), "y": "12", "width": "14", "height": "4", "fill": color])
            } else {
                s.element("path", ["d": Self.marker(kind: kind, x: lx + 7, y: 14, r: 5), "fill": color])
            }
            s.element("text", ["x": Self.f(lx + 19), "y": "18", "fill": "#24292f"], text: kind.rawValue)
            lx += 24 + Double(kind.rawValue.count) * 7
        }

        // Lanes with their changes.
        s.element("text", ["x": "12", "y": Self.f(laneTop - 12), "fill": "#24292f", "font-weight": "600"], text: "Changes by service")
        for (i, service) in shownLanes.enumerated() {
            let y = laneTop + Double(i) * Self.laneHeight + Self.laneHeight / 2
            if i % 2 == 0 {
                s.element(
                    "rect", ["x": "0", "y": Self.f(y - Self.laneHeight / 2), "width": Self.f(Self.width), "height": Self.f(Self.laneHeight), "fill": "#fbfcfd"])
            }
            s.element("line", ["x1": Self.f(Self.left), "y1": Self.f(y), "x2": Self.f(plotRight), "y2": Self.f(y), "stroke": "#d0d7de"])
            s.element(
                "text", ["x": Self.f(Self.gutter - 26), "y": Self.f(y + 4), "text-anchor": "end", "fill": "#24292f"],
                text: Self.clip(service == Event.globalService ? "* (global)" : service, 20))
        }
        if lanes.count > shownLanes.count {
            s.element(
                "text", ["x": Self.f(Self.left), "y": Self.f(lanesBottom + 2), "fill": "#57606a"],
                text: "and changes on \(lanes.count - shownLanes.count) more services")
        }
        if shownLanes.isEmpty {
            s.element(
                "text",
                ["x": Self.f(Self.left + plotWidth / 2), "y": Self.f(laneTop + Self.laneHeight / 2 + 4), "text-anchor": "middle", "fill": "#57606a"],
                text: "no changes on the incident's services in this span")
        }

        // Vertical rules, labelled above the rate panel (staggered when close).
        var rules: [(Timestamp, String, String, String)] = []
        if let t = analysis.impactStart { rules.append((t, "impact start", "#cf222e", "6 3")) }
        if let t = analysis.detectedAt { rules.append((t, "detected", "#bf8700", "6 3")) }
        if let t = analysis.firstExternalReportAt { rules.append((t, "first customer report", "#8250df", "2 3")) }
        if let t = analysis.mitigatedAt { rules.append((t, "mitigated", "#1a7f37", "6 3")) }
        if let t = analysis.resolvedAt { rules.append((t, "resolved", "#57606a", "2 3")) }
        var lastLabelX = -1000.0
        var row = 0
        for (t, label, color, dash) in rules.sorted(by: { $0.0 < $1.0 }) {
            s.open("g", ["class": "rule rule-\(label.replacingOccurrences(of: " ", with: "-"))"])
            s.element("title", [:], text: "\(label) \(timeZone.dateTime(t))")
            if t > window.end {
                // Past the chart's span (a resolution days later): drawn in the gutter right of a break mark,
                // with its date, so the incident's minutes keep their width.
                let gx = plotRight + Self.lateGutter / 2 + 8
                let bx = plotRight + 12
                s.element(
                    "path",
                    [
                        "d": "M\(Self.f(bx - 4)) \(Self.f(lanesBottom + 6))L\(Self.f(bx)) \(Self.f(lanesBottom - 6))"
                            + "M\(Self.f(bx + 2)) \(Self.f(lanesBottom + 6))L\(Self.f(bx + 6)) \(Self.f(lanesBottom - 6))",
                        "stroke": "#8c959f", "stroke-width": "1.5", "fill": "none",
                    ])
                s.element(
                    "line",
                    [
                        "x1": Self.f(gx), "y1": Self.f(Self.rateTop - 4), "x2": Self.f(gx), "y2": Self.f(lanesBottom),
                        "stroke": color, "stroke-width": "1.5", "stroke-dasharray": dash,
                    ])
                s.element(
                    "text", ["x": Self.f(gx + 3), "y": Self.f(Self.rateTop - 7), "fill": color, "font-weight": "600", "text-anchor": "end"],
                    text: "\(label) \(timeZone.clock(t))")
                s.element(
                    "text", ["x": Self.f(Self.width - Self.right), "y": Self.f(lanesBottom + 40), "fill": "#57606a", "text-anchor": "end"],
                    text: "\(label) \(timeZone.date(t)) \(timeZone.clock(t)), \(t - window.end) after the span")
                s.close("g")
                continue
            }
            let rx = x(t)
            row = rx - lastLabelX < 120 ? (row + 1) % 2 : 0
            lastLabelX = rx
            s.element(
                "line",
                [
                    "x1": Self.f(rx), "y1": Self.f(Self.rateTop - 4 - Double(row) * 13), "x2": Self.f(rx), "y2": Self.f(lanesBottom),
                    "stroke": color, "stroke-width": "1.5", "stroke-dasharray": dash,
                ])
            let anchorEnd = rx > plotRight - 120
            s.element(
                "text",
                [
                    "x": Self.f(anchorEnd ? rx - 3 : rx + 3), "y": Self.f(Self.rateTop - 7 - Double(row) * 13), "fill": color, "font-weight": "600",
                    "text-anchor": anchorEnd ? "end" : "start",
                ], text: "\(label) \(timeZone.clock(t))")
            s.close("g")
        }

        // Change markers, drawn after the rules so they stay on top; trigger and latent change last.
        let triggerID = analysis.trigger?.change.id
        let latentID = analysis.latentChange?.id
        let ordered = changes.filter { $0.id != triggerID && $0.id != latentID } + changes.filter { $0.id == latentID || $0.id == triggerID }
        var earlyLanes = Set<Int>()
        for change in ordered {
            guard let lane = shownLanes.firstIndex(of: change.service) else { continue }
            let y = laneTop + Double(lane) * Self.laneHeight + Self.laneHeight / 2
            let early = change.time < window.start
            if early { earlyLanes.insert(lane) }
            let mx = early ? Self.gutter : x(change.time)
            let color = Self.kindColors[change.kind] ?? "#24292f"
            let role = change.id == triggerID ? "trigger" : (change.id == latentID ? "latent" : nil)
            s.open("g", ["class": "change" + (role.map { " \($0)" } ?? ""), "data-id": change.id])
            var tip = "\(change.kind.rawValue) \(change.id) on \(change.service) at \(timeZone.dateTime(change.time))"
            if early { tip += " (\(window.start - change.time) before the chart)" }
            if let v = change.version { tip += ", version \(v)" }
            if let summary = change.summary { tip += ": \(summary)" }
            if role == "trigger", let c = analysis.trigger { tip += " (trigger, score \(Formatting.score(c.score)))" }
            if role == "latent" { tip += " (latent change)" }
            s.element("title", [:], text: tip)
            if let role {
                let ring = role == "trigger" ? "#cf222e" : "#bc4c00"
                s.element(
                    "circle",
                    [
                        "cx": Self.f(mx), "cy": Self.f(y), "r": "11", "fill": "#ffffff", "stroke": ring, "stroke-width": "2.5",
                        "stroke-dasharray": role == "latent" ? "3 2" : "none",
                    ])
                var label = role + " " + Self.clip(change.version ?? change.id, 26)
                if early, let impact = analysis.impactStart { label += " · \(impact - change.time) before impact" }
                // The trigger is named beside its marker, the latent change above its own, so the two never overlap.
                let anchorEnd = mx > plotRight - 200
                let (lx, ly) = role == "trigger" ? (anchorEnd ? mx - 15 : mx + 15, y + 4) : (mx - 8, y - 15)
                s.element(
                    "text",
                    [
                        "x": Self.f(lx), "y": Self.f(ly), "fill": ring, "font-weight": "700",
                        "text-anchor": role == "trigger" && anchorEnd ? "end" : "start",
                    ], text: label)
            }
            s.element(
                "path", ["d": Self.marker(kind: change.kind, x: mx, y: y, r: role == nil ? 6 : 7), "fill": color, "stroke": "#ffffff", "stroke-width": "1"])
            s.close("g")
        }
        for lane in earlyLanes.sorted() {
            // The break between the gutter and the chart's span.
            let y = laneTop + Double(lane) * Self.laneHeight + Self.laneHeight / 2
            let bx = (Self.gutter + Self.left) / 2 + 2
            s.element(
                "path",
                [
                    "d":
                        "M\(Self.f(bx - 4)) \(Self.f(y + 6))L\(Self.f(bx)) \(Self.f(y - 6))M\(Self.f(bx + 2)) \(Self.f(y + 6))L\(Self.f(bx + 6)) \(Self.f(y - 6))",
                    "stroke": "#8c959f", "stroke-width": "1.5", "fill": "none",
                ])
        }
        if !earlyLanes.isEmpty {
            s.element("text", ["x": Self.f(Self.gutter), "y": Self.f(axisY + 18), "text-anchor": "middle", "fill": "#8c959f"], text: "earlier")
        }

        // Time axis.
        s.element("line", ["x1": Self.f(Self.left), "y1": Self.f(axisY), "x2": Self.f(plotRight), "y2": Self.f(axisY), "stroke": "#8c959f"])
        let step = Self.tickStep(span: TimeSpan(milliseconds: Int64(span)))
        let offset = Int64(timeZone.offsetMinutes(at: window.start)) * 60_000
        var tick = ((window.start.milliseconds + offset) / step.milliseconds + 1) * step.milliseconds - offset
        var lastDate = ""
        while tick < window.end.milliseconds {
            let t = Timestamp(milliseconds: tick)
            let tx = x(t)
            s.element("line", ["x1": Self.f(tx), "y1": Self.f(axisY), "x2": Self.f(tx), "y2": Self.f(axisY + 5), "stroke": "#8c959f"])
            s.element("text", ["x": Self.f(tx), "y": Self.f(axisY + 18), "text-anchor": "middle", "fill": "#57606a"], text: timeZone.clock(t))
            let date = timeZone.date(t)
            if date != lastDate {
                s.element("text", ["x": Self.f(tx), "y": Self.f(axisY + 32), "text-anchor": "middle", "fill": "#8c959f"], text: date)
                lastDate = date
            }
            tick += step.milliseconds
        }
        s.element("text", ["x": "12", "y": Self.f(axisY + 18), "fill": "#57606a"], text: "time (\(timeZone.label(at: window.start)))")
        s.close("svg")
        return s.text
    }

    /// The services with changes in the chart: the trigger's, the latent change's, the incident's, then the rest by name.
    func laneServices() -> [String] {
        var order: [String] = []
        for s in [analysis.trigger?.change.service, analysis.latentChange?.service].compactMap({ $0 }) + analysis.services
        where changes.contains(where: { $0.service == s }) && !order.contains(s) {
            order.append(s)
        }
        for s in Set(changes.map(\.service)).sorted() where !order.contains(s) { order.append(s) }
        return order
    }

    /// The height of `n` signals in a band on the shared logarithmic axis up to 10^`decades`: 0 for none,
    /// a visible step for one, the band's height for the top.
    package static func barHeight(_ n: Int, decades: Int, band: Double) -> Double {
        n <= 0 ? 0 : (band - 8) * log10(1 + Double(n)) / log10(1 + pow(10, Double(decades)))
    }

    /// The powers of ten the value axis spans: at least one decade, up to the one holding `peak`.
    package static func decades(_ peak: Int) -> Int {
        var d = 1
        var top = 10
        while top < peak && d < 12 {
            d += 1
            top *= 10
        }
        return d
    }

    /// `1`, `10`, `100`, `1k`, `10k`, `100k`, `1M`…
    package static func decadeLabel(_ d: Int) -> String {
        for (power, unit) in [(9, "G"), (6, "M"), (3, "k")] where d >= power { return "1" + String(repeating: "0", count: d - power) + unit }
        return "1" + String(repeating: "0", count: d)
    }

    /// A tick interval giving at most about eight ticks.
    static func tickStep(span: TimeSpan) -> TimeSpan {
        let steps: [TimeSpan] = [
            .minutes(1), .minutes(2), .minutes(5), .minutes(10), .minutes(15), .minutes(30),
            .hours(1), .hours(2), .hours(3), .hours(6), .hours(12), .days(1), .days(2), .days(7),
        ]
        return steps.first { span.milliseconds / $0.milliseconds <= 8 } ?? .days(30)
    }

    /// A marker per change kind: deploy circle, release triangle, config diamond, rollback square.
    static func marker(kind: EventKind, x: Double, y: Double, r: Double) -> String {
        switch kind {
        case .release: "M\(f(x)) \(f(y - r))L\(f(x + r)) \(f(y + r * 0.8))L\(f(x - r)) \(f(y + r * 0.8))Z"
        case .config: "M\(f(x)) \(f(y - r))L\(f(x + r)) \(f(y))L\(f(x)) \(f(y + r))L\(f(x - r)) \(f(y))Z"
        case .rollback: "M\(f(x - r * 0.8)) \(f(y - r * 0.8))h\(f(r * 1.6))v\(f(r * 1.6))h\(f(-r * 1.6))Z"
        default: "M\(f(x - r)) \(f(y))a\(f(r)) \(f(r)) 0 1 0 \(f(2 * r)) 0a\(f(r)) \(f(r)) 0 1 0 \(f(-2 * r)) 0Z"
        }
    }

    static func clip(_ text: String, _ n: Int) -> String { text.count <= n ? text : String(text.prefix(n - 1)) + "…" }

    /// A coordinate with at most one decimal.
    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
