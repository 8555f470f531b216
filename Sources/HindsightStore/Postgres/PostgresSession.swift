import Foundation
import Hindsight
import Logging
import PostgresNIO

/// A PostgreSQL connection as an `SQLSession`. Its calls block until the server answers, as SQLite's
/// do; they run on the callers' threads, never on the event loop that carries the connection.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLRow.Columns(first.map(\.columnName))
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value)) }
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        // A prepared statement holds one command: a migration's several run one by one.
        let statements = arguments.isEmpty ? Self.statements(sql) : [sql]
        var changed = 0
        for statement in statements { changed += try run(statement, arguments).metadata.rows ?? 0 }
        return changed
    }

    func eventSink() throws -> any EventSink {
        PostgresEventSink(self)
    }

    func signalAggregate(_ parts: [(sql: String, arguments: SQLArguments)]) throws -> SignalAggregate {
        try groupedSignalAggregate(parts)
    }

    func bucketCounts(_ parts: [(sql: String, arguments: SQLArguments)], from: Int64, bucket: Int64, buckets: Int) throws -> [Int]? {
        // A round trip per span would cost more than the counting: a timeline of two hours in minutes is 120.
        var counts = Array(repeating: 0, count: buckets)
        for part in parts {
            for row in try rows("SELECT (time - ?) / ?, COUNT(*) FROM event WHERE \(part.sql) GROUP BY 1", [from, bucket] + part.arguments) {
                let (index, count): (Int, Int) = (row[0], row[1])
                if counts.indices.contains(index) { counts[index] += count }
            }
        }
        return counts
    }

    var roundTrips: Bool { true }

    func spanSums(_ sql: String, _ arguments: SQLArguments, boundaries: [Int64]) throws -> [Int]? {
        let spans = Array(zip(boundaries, boundaries.dropFirst()))
        var sums = Array(repeating: 0, count: spans.count)
        guard !spans.isEmpty else { return sums }
        // Each span is its own index range (a nested loop over the spans), all in one round trip.
        let values = spans.indices.map { "(\($0), ?, ?)" }.joined(separator: ", ")
        for row in try rows(
            """
            WITH span(i, lo, hi) AS (VALUES \(values))
            SELECT span.i, CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM span JOIN event ON time >= span.lo AND time < span.hi AND \(sql) GROUP BY span.i
            """, SQLArguments(binding: spans.flatMap { [$0.0, $0.1] }) + arguments)
        {
            let (index, sum): (Int, Int) = (row[0], row[1])
            if sums.indices.contains(index) { sums[index] = sum }
        }
        return sums
    }

    func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument.sqlValue {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .real(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let b): binds.append(ByteBuffer(bytes: b))
            }
        }
        return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
    }

    /// The statements of a script, split at each `;` outside quotes.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        for ch in sql {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == ";" {
                out.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        out.append(current)
        return out.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// `?` placeholders as PostgreSQL's `$1, $2, …`; a `?` inside a quoted literal or identifier is left alone.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for ch in sql {
            if let q = quote {
                if ch == q { quote = nil }
                out.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// A cell as the value SQLite would have returned for the same query.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2, .oid: return .integer(try cell.decode(Int64.self))
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .numeric:
            // SUM over BIGINT is NUMERIC in PostgreSQL, INTEGER in SQLite.
            let d = try cell.decode(Decimal.self)
            let n = NSDecimalNumber(decimal: d)
            if d == Decimal(n.int64Value) { return .integer(n.int64Value) }
            return .real(n.doubleValue)
        default: return .text(try cell.decode(String.self))
        }
    }
}
