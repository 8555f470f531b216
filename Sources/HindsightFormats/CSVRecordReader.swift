/// Streams RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks.
struct CSVRecordReader {
    let input: ByteInput
    /// Set when the input ends inside a quoted cell.
    var issue: String?

    init(input: ByteInput) { self.input = input }

    mutating func next() throws -> (cells: [String], line: Int)? {
        var cells: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var startLine = 0
        var started = false
        while true {
            let got: Void? = try input.nextLine { line in
                if !started {
                    started = true
                    startLine = input.lineNumber
                }
                var i = 0
                while i < line.count {
                    let c = line[i]
                    if inQuotes {
                        if c == UInt8(ascii: "\"") {
                            if i + 1 < line.count && line[i + 1] == UInt8(ascii: "\"") {
                                cell.append(c)
                                i += 1
                            } else {
                                inQuotes = false
                            }
                        } else {
                            cell.append(c)
                        }
                    } else if c == UInt8(ascii: ",") {
                        cells.append(String(decoding: cell, as: UTF8.self))
                        cell.removeAll(keepingCapacity: true)
                    } else if c == UInt8(ascii: "\"") && cell.isEmpty {
                        inQuotes = true
                    } else {
                        cell.append(c)
                    }
                    i += 1
                }
                if inQuotes { cell.append(0x0A) }
            }
            if got == nil {
                if !started { return nil }
                if inQuotes { issue = "a quoted cell is not closed (the input ends inside it)" }
                cells.append(String(decoding: cell, as: UTF8.self))
                return (cells, startLine)
            }
            if !inQuotes {
                cells.append(String(decoding: cell, as: UTF8.self))
                return (cells, startLine)
            }
        }
    }
}
