import Foundation
import GRDB

/// A GRDB connection as an `SQLSession`: `?` placeholders are SQLite's own.
final class SQLiteSession: SQLSession {
    let db: Database
    private var inserter: EventInserter?

    init(_ db: Database) { self.db = db }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(Self.arguments(arguments))
        let columns = SQLRow.Columns(statement.columnNames)
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func eventSink() throws -> any EventSink {
        if let inserter { return inserter }
        let made = try EventInserter(db)
        inserter = made
        return made
    }

    func bucketCounts(_ parts: [(sql: String, arguments: SQLArguments)], from: Int64, bucket: Int64, buckets: Int) throws -> [Int]? { nil }

    func spanSums(_ sql: String, _ arguments: SQLArguments, boundaries: [Int64]) throws -> [Int]? { nil }

    var roundTrips: Bool { false }

    func signalAggregate(_ parts: [(sql: String, arguments: SQLArguments)]) throws -> SignalAggregate {
        // One walk over both halves' indexes, each row folded in as it passes (`SignalAggregateFunction`).
        let both = parts.enumerated().map { half, part in
            "SELECT \(half) AS half, kind, service, version, region, count, time, host FROM event WHERE \(part.sql)"
        }.joined(separator: " UNION ALL ")
        let rows = try rows(
            "SELECT \(SignalAggregateFunction.name)(half, kind, service, version, region, count, time, host) FROM (\(both))",
            parts.flatMap(\.arguments))
        guard case .blob(let bytes)? = rows.first?.values.first else { return SignalAggregate() }
        return try SignalAggregate(encoded: bytes)
    }

    static func arguments(_ values: SQLArguments) -> StatementArguments {
        StatementArguments(
            values.map { v -> DatabaseValue in
                switch v.sqlValue {
                case .null: .null
                case .integer(let i): i.databaseValue
                case .real(let d): d.databaseValue
                case .text(let s): s.databaseValue
                case .blob(let b): Data(b).databaseValue
                }
            })
    }

    static func value(_ v: DatabaseValue) -> SQLValue {
        switch v.storage {
        case .null: .null
        case .int64(let i): .integer(i)
        case .double(let d): .real(d)
        case .string(let s): .text(s)
        case .blob(let data): .blob([UInt8](data))
        }
    }
}
