import Hindsight

/// Reads native events from CSV with a header row (nested fields as `scope.percent`, `labels.region`).
///
/// Cells: empty means absent; `count`, `scope.percent` and `scope.hosts` are numbers;
/// `scope.regions` is a JSON array or a `;`-separated list; `scope`, `labels` and
/// `attributes` columns hold JSON text.
package enum CSVDecoder {
    enum Column {
        case field(String)
        case scope(String)
        case label(String)
    }

    package static func decode(_ input: ByteInput, _ sink: (DecodedRecord) throws -> Void) throws {
        var reader = CSVRecordReader(input: input)
        guard let header = try reader.next() else { return }
        let headerLocation = SourceLocation(file: input.displayName, line: header.line)
        var columns: [Column] = []
        var seen = Set<String>()
        for name in header.cells {
            let name = name.trimming(" ")
            guard seen.insert(name).inserted else {
                throw FormatError.badHeader(IngestIssue(location: headerLocation, field: name, message: "the header names this column twice"))
            }
            if name.hasPrefix("labels."), name.count > 7 {
                columns.append(.label(String(name.dropFirst(7))))
            } else if name.hasPrefix("scope.") {
                let key = String(name.dropFirst(6))
                guard Scope.fields.contains(key) else {
                    let hint =
                        Suggest.nearest(key, in: Scope.fields).map { "did you mean 'scope.\($0)'?" }
                        ?? "use one of \(Scope.fields.map { "scope." + $0 }.joined(separator: ", "))"
                    throw FormatError.badHeader(IngestIssue(location: headerLocation, field: name, message: "unknown column; \(hint)"))
                }
                columns.append(.scope(key))
            } else if Event.fieldNames.contains(name) {
                columns.append(.field(name))
            } else {
                let hint =
                    Suggest.nearest(name, in: Event.fieldNames).map { "did you mean '\($0)'?" }
                    ?? "known fields are \(Event.fieldNames.joined(separator: ", "))"
                throw FormatError.badHeader(IngestIssue(location: headerLocation, field: name, message: "unknown column; \(hint)"))
            }
        }
        while let row = try reader.next() {
            let location = SourceLocation(file: input.displayName, line: row.line)
            if let issue = reader.issue {
                try sink(.invalid(IngestIssue(location: location, message: issue)))
                return
            }
            if row.cells.count == 1 && row.cells[0].isEmpty { continue }
            guard row.cells.count == columns.count else {
                try sink(.invalid(IngestIssue(location: location, message: "has \(row.cells.count) cells but the header has \(columns.count) columns")))
                continue
            }
            do {
                try sink(.event(try event(columns: columns, cells: row.cells, at: location), location))
            } catch let issue as IngestIssue {
                try sink(.invalid(issue))
            }
        }
        if let issue = reader.issue {
            try sink(.invalid(IngestIssue(location: SourceLocation(file: input.displayName, line: input.lineNumber), message: issue)))
        }
    }

    static func event(columns: [Column], cells: [String], at location: SourceLocation) throws(IngestIssue) -> Event {
        var fields: [NativeField] = []
        var scope: [JSONMember] = []
        var labels: [JSONMember] = []
        for (column, cell) in zip(columns, cells) where !cell.isEmpty {
            switch column {
            case .field(let name):
                switch name {
                case "count": fields.append(NativeField(key: name, value: number(cell)))
                case "scope", "labels", "attributes":
                    do {
                        let v = try JSONParser.parse(cell)
                        // The JSON text without the cell's surrounding white space, as a JSON line's member holds it.
                        fields.append(NativeField(key: name, value: v, raw: cell.trimmingSpaces))
                    } catch {
                        throw IngestIssue(location: location, field: name, message: "holds \(error); write JSON text in this cell")
                    }
                default: fields.append(NativeField(key: name, value: .string(cell)))
                }
            case .scope(let key):
                switch key {
                case "percent", "hosts": scope.append(JSONMember(key: key, value: number(cell)))
                case "regions":
                    if cell.hasPrefix("["), let v = try? JSONParser.parse(cell) {
                        scope.append(JSONMember(key: key, value: v))
                    } else {
                        let parts = cell.split(separator: ";").map { JSONValue.string(String($0).trimming(" ")) }
                        scope.append(JSONMember(key: key, value: .array(parts)))
                    }
                default: scope.append(JSONMember(key: key, value: .string(cell)))
                }
            case .label(let key):
                labels.append(JSONMember(key: key, value: .string(cell)))
            }
        }
        if !scope.isEmpty {
            guard !fields.contains(where: { $0.key == "scope" }) else {
                throw IngestIssue(location: location, field: "scope", message: "given both as a 'scope' column and as 'scope.*' columns; use one")
            }
            fields.append(NativeField(key: "scope", value: .object(scope)))
        }
        if !labels.isEmpty {
            guard !fields.contains(where: { $0.key == "labels" }) else {
                throw IngestIssue(location: location, field: "labels", message: "given both as a 'labels' column and as 'labels.*' columns; use one")
            }
            fields.append(NativeField(key: "labels", value: .object(labels)))
        }
        return try NativeEventDecoder.decode(fields, at: location)
    }

    static func number(_ cell: String) -> JSONValue {
        (try? JSONParser.parse(cell)).flatMap { if case .number = $0 { $0 } else { nil } } ?? .string(cell)
    }
}
