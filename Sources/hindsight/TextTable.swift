/// An aligned plain-text table; the last column may be cut to keep rows on one line.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// The widest any cell of the last column may be before it is cut with "…".
    var lastColumnLimit = 72

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row.map(Self.oneLine)) }

    func render() -> String {
        let all =
            [header]
            + rows.map { row in
                row.enumerated().map { i, cell in i == row.count - 1 ? Self.cut(cell, lastColumnLimit) : cell }
            }
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Control characters and line breaks become spaces: one event, one line.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    static func cut(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}
