/// A post-mortem file as generated regions and the text people wrote around them, so a re-render refreshes
/// what Hindsight generates and keeps every byte a person wrote.
///
/// A generated region is the lines between `<!-- hindsight:begin NAME hash=H -->` and
/// `<!-- hindsight:end NAME -->`, where `H` is the FNV-1a 64 digest (16 hex digits) of the region's
/// body as generated. A body whose digest no longer matches was edited by hand: it is kept, and reported.
package struct PostmortemDocument: Sendable, Equatable {
    /// A stretch of text people own, or a generated region.
    package enum Piece: Sendable, Equatable {
        case text(String)
        /// `hash` is the one its begin marker records (`nil` when it records none); `body` is every line between the markers.
        case region(name: String, hash: String?, body: String, line: Int)
    }

    package var pieces: [Piece]
    /// Whether the last line ends with a line break (it does unless the file ends on an end marker without one).
    var finalNewline = true

    /// What a merge did to the regions of the existing file.
    package struct MergeReport: Sendable, Equatable {
        /// Regions edited by hand (their digest no longer matches), kept as they were: name and line.
        package var keptEdited: [(name: String, line: Int)] = []
        /// Regions generated again: their text as the template renders it now.
        package var refreshed: [String] = []
        /// Regions the template generates that the file did not have, inserted.
        package var added: [String] = []
        /// Regions of the file the template no longer generates, kept as they were.
        package var notGenerated: [String] = []

        package init() {}

        package static func == (a: MergeReport, b: MergeReport) -> Bool {
            a.keptEdited.map(\.name) == b.keptEdited.map(\.name) && a.keptEdited.map(\.line) == b.keptEdited.map(\.line)
                && a.refreshed == b.refreshed && a.added == b.added && a.notGenerated == b.notGenerated
        }
    }

    /// Splits `text` into pieces; a region that never ends, or ends under another name, is an error naming its line.
    package init(parsing text: String, file: String = "the post-mortem") throws(ReportError) {
        var pieces: [Piece] = []
        var plain = ""
        var open: (name: String, hash: String?, line: Int, body: String)?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, raw) in lines.enumerated() {
            let line = String(raw) + (i < lines.count - 1 ? "\n" : "")
            if let marker = Self.marker(raw) {
                switch (marker.begin, open) {
                case (true, nil):
                    if !plain.isEmpty {
                        pieces.append(.text(plain))
                        plain = ""
                    }
                    open = (marker.name, marker.hash, i + 1, "")
                    continue
                case (false, let o?) where o.name == marker.name:
                    pieces.append(.region(name: o.name, hash: o.hash, body: o.body, line: o.line))
                    open = nil
                    finalNewline = line.hasSuffix("\n")
                    continue
                case (true, let o?):
                    throw .badRegion(
                        file: file, line: i + 1,
                        problem: "region '\(marker.name)' begins inside region '\(o.name)' (line \(o.line)), which has not ended")
                case (false, let o):
                    throw .badRegion(
                        file: file, line: i + 1,
                        problem: "'hindsight:end \(marker.name)' ends no region"
                            + (o.map { "; region '\($0.name)' (line \($0.line)) is open" } ?? ""))
                }
            }
            if open != nil { open!.body += line } else { plain += line }
        }
        if let o = open {
            throw .badRegion(file: file, line: o.line, problem: "region '\(o.name)' never ends; restore its '<!-- hindsight:end \(o.name) -->' line")
        }
        if !plain.isEmpty { pieces.append(.text(plain)) }
        self.pieces = pieces
    }

    /// The document's text, each region written with its markers; `seal` records each body's digest in its begin marker.
    package func text(sealing seal: Bool) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .region(let name, let hash, let body, _):
                let h = seal ? Self.digest(body) : hash
                out += "<!-- hindsight:begin \(name)\(h.map { " hash=\($0)" } ?? "") -->\n" + body + "<!-- hindsight:end \(name) -->\n"
            }
        }
        if case .region = pieces.last, !finalNewline { out.removeLast() }
        return out
    }

    /// A freshly rendered draft with every region's digest recorded.
    package static func seal(_ rendered: String) throws(ReportError) -> String {
        try PostmortemDocument(parsing: rendered, file: "the rendered template").text(sealing: true)
    }

    /// The text without the region markers (for HTML, where they mean nothing to a reader).
    package static func strippingMarkers(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { marker($0) == nil }.joined(separator: "\n")
    }

    /// `existing` with each unedited region replaced by the one `fresh` (a sealed render) generates; text
    /// outside the regions and hand-edited regions are kept byte for byte.
    package static func merge(existing: String, fresh: String, file: String) throws(ReportError) -> (text: String, report: MergeReport) {
        let old = try PostmortemDocument(parsing: existing, file: file)
        let new = try PostmortemDocument(parsing: fresh, file: "the rendered template")
        var generated: [String: Piece] = [:]
        var order: [String] = []
        for piece in new.pieces {
            if case .region(let name, _, _, _) = piece, generated[name] == nil {
                generated[name] = piece
                order.append(name)
            }
        }
        var report = MergeReport()
        var out: [Piece] = []
        var present = Set<String>()
        for piece in old.pieces {
            guard case .region(let name, let hash, let body, let line) = piece else {
                out.append(piece)
                continue
            }
            present.insert(name)
            guard let replacement = generated[name] else {
                report.notGenerated.append(name)
                out.append(piece)
                continue
            }
            // An emptied region asks to be generated again.
            if hash == digest(body) || body.allSatisfy(\.isWhitespace) {
                report.refreshed.append(name)
                out.append(replacement)
            } else {
                report.keptEdited.append((name, line))
                out.append(piece)
            }
        }
        // A region new to the template goes after the region that precedes it in the template, else before the first region.
        func index(of name: String) -> Int? { out.lastIndex { if case .region(name, _, _, _) = $0 { true } else { false } } }
        for (i, name) in order.enumerated() where !present.contains(name) {
            let before = order[..<i].last { present.contains($0) }
            let firstRegion = out.firstIndex { if case .region = $0 { true } else { false } }
            let at = before.flatMap(index(of:)).map { $0 + 1 } ?? firstRegion ?? out.count
            out.insert(contentsOf: before == nil && firstRegion != nil ? [generated[name]!, .text("\n")] : [.text("\n"), generated[name]!], at: at)
            present.insert(name)
            report.added.append(name)
        }
        var merged = old
        merged.pieces = out
        return (merged.text(sealing: false), report)
    }

    /// The begin or end marker a line holds, if any (a trailing carriage return is allowed).
    static func marker(_ line: Substring) -> (begin: Bool, name: String, hash: String?)? {
        var s = line
        if s.last == "\r" { s.removeLast() }
        guard s.hasPrefix("<!-- hindsight:"), s.hasSuffix(" -->") else { return nil }
        let words = s.dropFirst(15).dropLast(4).split(separator: " ")
        guard let verb = words.first, verb == "begin" || verb == "end", words.count >= 2 else { return nil }
        let name = String(words[1])
        let hash = words.dropFirst(2).first { $0.hasPrefix("hash=") }.map { String($0.dropFirst(5)) }
        return (verb == "begin", name, hash)
    }

    /// FNV-1a 64 of the body's bytes, 16 hex digits: a change detector, not a security measure.
    static func digest(_ body: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in body.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
