import Foundation
import HindsightStore

/// What a user can do without Hindsight, into the same schema (the store's migrations), with the
/// same NULLs and the store's pragmas, in one transaction: the figures Hindsight's ingest is held to.
enum IngestReference: String, CaseIterable {
    /// The `sqlite3` shell: `.import` of the CSV into an unindexed TEMP staging table, then one
    /// `INSERT … SELECT NULLIF(…)` into the event table (absent values become NULL, as Hindsight stores them).
    case sqliteStaged = "sqlite3 staged .import + INSERT…SELECT (CSV)"
    /// Python's `json` + `sqlite3.executemany` over the JSON Lines (scripts/bench_python_reference.py).
    case python = "Python json + sqlite3 executemany (JSONL)"

    /// Columns that are never NULL (required fields): copied as they are.
    static let required: Set = ["id", "digest", "time", "kind", "service", "environment", "count"]

    /// The shell commands of the staged import of `csv` (laid out as `ReferenceCSV`).
    static func stagedImportCommands(csv: String) -> [String] {
        let staging = ReferenceCSV.columns.map { "\($0) TEXT" }.joined(separator: ", ")
        let insert = ReferenceCSV.insertColumns
        let values = insert.map { required.contains($0) ? $0 : "NULLIF(\($0), '')" }.joined(separator: ", ")
        return [
            "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY",
            "BEGIN IMMEDIATE",
            "CREATE TEMP TABLE staging (\(staging))",
            ".import --csv --skip 1 \(csv) staging",
            "INSERT INTO event (\(insert.joined(separator: ", "))) SELECT \(values) FROM staging WHERE true ON CONFLICT(id) DO NOTHING",
            "DROP TABLE staging",
            "COMMIT",
        ]
    }

    /// Runs this reference into `database` (already migrated) and measures it as a child process.
    func run(database: String, jsonl: String, csv: String, options: BenchOptions, output: String) throws -> ChildProcess.Run {
        switch self {
        case .sqliteStaged:
            return try ChildProcess.run([options.sqlite3, database] + Self.stagedImportCommands(csv: csv), outputPath: output)
        case .python:
            return try ChildProcess.run([options.python, options.pythonReference, database, jsonl], outputPath: output)
        }
    }
}

/// The schema's shape of a store's rows: their number and, per nullable column, how many are set.
/// Two loads of the same events must have the same shape before their speeds are compared.
struct StoreShape: Equatable, CustomStringConvertible {
    var text: String

    static let nullable = ReferenceCSV.insertColumns.filter { !IngestReference.required.contains($0) }

    static func of(_ database: String, options: BenchOptions) throws -> StoreShape {
        let out = "\(options.dir)/shape.out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let counts = (["count(*)"] + nullable.map { "count(\($0))" }).joined(separator: ", ")
        let run = try ChildProcess.run([options.sqlite3, database, "SELECT \(counts) FROM event"], outputPath: out)
        let text = (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.exitStatus == 0 else { throw ChildProcess.Failure(description: "cannot read the rows of \(database): \(text)") }
        return StoreShape(text: text)
    }

    /// "rows 1,000,000; summary 53,012; …": the counts with their names.
    var description: String {
        let values = text.split(separator: "|").map(String.init)
        return zip(["rows"] + Self.nullable, values).map { "\($0) \($1)" }.joined(separator: "; ")
    }

    /// The rows stored, the first of the counts.
    var rows: Int { Int(text.split(separator: "|").first ?? "") ?? -1 }
}
