/// The numbers the correlator decides with: a weight per evidence feature (the log-likelihood ratio one unit of
/// it adds), the score of the "no change in the store" hypothesis (the base rate of incidents no recorded change
/// triggered), and the naming threshold and margin. Fitted by `hindsight-bench --fit` from labeled incidents
/// (docs/correlator.md); read from and written as a plain-text table.
public struct CorrelatorParameters: Sendable, Equatable {
    /// Weight per feature name (`version-contrast.lift`); every feature of `EvidenceRules.features`.
    package var weights: [String: Double]
    /// The score of the none hypothesis against a change with no evidence at all.
    package var noChange: Double
    /// The least posterior at which the best change is named, and its least lead over the runner-up.
    package var threshold: Double
    package var margin: Double
    /// Comment lines at the top of the table (what it was fitted on), without their `# `.
    package var notes: [String]

    package init(weights: [String: Double], noChange: Double, threshold: Double, margin: Double, notes: [String] = []) {
        self.weights = weights
        self.noChange = noChange
        self.threshold = threshold
        self.margin = margin
        self.notes = notes
    }

    static let noChangeName = "none.base-rate"
    static let thresholdName = "decision.threshold"
    static let marginName = "decision.margin"

    /// The table that ships with Hindsight (`ShippedParameters.swift`, written by `make fit`).
    public static let shipped: CorrelatorParameters = {
        // A feature added since the last `make fit` weighs 0 until the next fit (a test checks the table is complete).
        do { return try parse(shippedTable, file: "ShippedParameters.swift", missingWeigh0: true) } catch {
            fatalError("the shipped parameter table does not parse: \(error)")
        }
    }()

    /// The weight of one feature (0 for a name the table lacks).
    package func weight(_ feature: String) -> Double { weights[feature] ?? 0 }

    /// Reads a table: `name value` per line, `#` comments; every feature and decision value must be given once.
    public static func parse(_ text: String, file: String) throws(ParameterTableError) -> CorrelatorParameters {
        try parse(text, file: file, missingWeigh0: false)
    }

    static func parse(_ text: String, file: String, missingWeigh0: Bool) throws(ParameterTableError) -> CorrelatorParameters {
        let known = Set(EvidenceRules.features.map(\.name))
        let names = EvidenceRules.features.map(\.name) + [noChangeName, thresholdName, marginName]
        var values: [String: Double] = [:]
        var notes: [String] = []
        var body = false
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let trimmed = raw.trimmingSpaces
            if trimmed.hasPrefix("#") {
                if !body { notes.append(String(trimmed.dropFirst().trimmingSpaces)) }
                continue
            }
            let content = (trimmed.firstIndex(of: "#").map { trimmed[..<$0] } ?? trimmed[...]).trimmingSpaces
            if content.isEmpty { continue }
            body = true
            let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else { throw .syntax(file: file, line: line, text: String(content)) }
            let name = String(parts[0])
            guard names.contains(name) else {
                if missingWeigh0 { continue }
                throw .unknownName(file: file, line: line, name: name, suggestion: Suggest.nearest(name, in: names))
            }
            guard let value = Double(parts[1]), value.isFinite else {
                throw .badValue(file: file, line: line, name: name, value: String(parts[1]), expected: "a finite number")
            }
            if name == thresholdName || name == marginName, !(0...1).contains(value) {
                throw .badValue(file: file, line: line, name: name, value: String(parts[1]), expected: "between 0 and 1")
            }
            if let feature = EvidenceRules.features.first(where: { $0.name == name }), feature.clamp(value) != value {
                throw .badValue(
                    file: file, line: line, name: name, value: String(parts[1]),
                    expected: feature.direction == .supports ? "at least 0 (it is evidence for a change)" : "at most 0 (it is evidence against a change)")
            }
            values[name] = value
        }
        let missing = names.filter { values[$0] == nil && !(missingWeigh0 && known.contains($0)) }
        guard missing.isEmpty else { throw .missing(file: file, names: missing) }
        return CorrelatorParameters(
            weights: values.filter { known.contains($0.key) }, noChange: values[noChangeName]!, threshold: values[thresholdName]!,
            margin: values[marginName]!, notes: notes)
    }

    /// The table as text, deterministic to the byte: notes, then one line per value with what it measures.
    public var table: String {
        var lines = notes.map { $0.isEmpty ? "#" : "# \($0)" }
        lines.append("")
        lines.append("\(Self.noChangeName) \(Self.fixed(noChange))  # score of 'no change in the store triggered it' against a change with no evidence")
        for f in EvidenceRules.features {
            lines.append("\(f.name) \(Self.fixed(weight(f.name)))  # \(f.direction.rawValue): \(f.meaning)")
        }
        lines.append("\(Self.thresholdName) \(Self.fixed(threshold))  # least posterior at which the best change is named")
        lines.append("\(Self.marginName) \(Self.fixed(margin))  # least lead of the named change over the runner-up")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `x` with four decimals, locale-free: `-1.2345`, `0.0000`.
    static func fixed(_ x: Double) -> String {
        let scaled = Int64((abs(x) * 10_000).rounded())
        let sign = x < 0 && scaled != 0 ? "-" : ""
        let fraction = String(scaled % 10_000)
        return "\(sign)\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}
