/// One row a query returned, read by position or by column name, whichever backend ran it.
struct SQLRow {
    /// The query's column names and their positions, shared by all its rows.
    final class Columns {
        let names: [String]
        let index: [String: Int]
        init(_ names: [String]) {
            self.names = names
            index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLValue]

    subscript<T: SQLDecodable>(_ position: Int) -> T {
        guard let value = T(sqlValue: values[position]) else {
            preconditionFailure("column \(columns.names[position]) holds \(values[position]), not \(T.self)")
        }
        return value
    }

    subscript<T: SQLDecodable>(_ name: String) -> T {
        guard let position = columns.index[name] else { preconditionFailure("no column \(name) in \(columns.names)") }
        return self[position]
    }
}
