import ArgumentParser
import Foundation
import Hindsight

/// Reads `--parameters FILE` and `--min-confidence` for the analysis flags.
enum ParameterTableFile {
    static func load(_ path: String) throws -> CorrelatorParameters {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the parameter table '\(path)'; give the path of a table 'hindsight-bench --fit --output' wrote")
        }
        do {
            return try CorrelatorParameters.parse(text, file: path)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// `0.8` or `80%`, between 0 and 1.
    static func confidence(_ text: String) throws -> Double {
        let percent = text.hasSuffix("%")
        guard let n = Double(percent ? String(text.dropLast()) : text), n.isFinite else {
            throw ValidationError("--min-confidence takes a number between 0 and 1 (or a percentage such as 80%), not '\(text)'")
        }
        let p = percent ? n / 100 : n
        guard (0...1).contains(p) else { throw ValidationError("--min-confidence must be between 0 and 1 (or 0% and 100%), not '\(text)'") }
        return p
    }
}
