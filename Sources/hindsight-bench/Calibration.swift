import Foundation

/// How well confidences match outcomes: each answer's confidence (the best change's posterior) against whether
/// that change is the trigger.
struct Calibration {
    var points: [(confidence: Double, right: Bool)] = []

    mutating func add(confidence: Double, right: Bool) { points.append((confidence, right)) }

    static let bins = 10

    /// Per bin of confidence: how many, their mean confidence, and the share that was right.
    var table: [(range: String, count: Int, confidence: Double, right: Double)] {
        (0..<Self.bins).compactMap { b in
            let low = Double(b) / Double(Self.bins)
            let high = Double(b + 1) / Double(Self.bins)
            let inBin = points.filter { $0.confidence >= low && ($0.confidence < high || (b == Self.bins - 1 && $0.confidence <= high)) }
            guard !inBin.isEmpty else { return nil }
            let confidence = inBin.map(\.confidence).reduce(0, +) / Double(inBin.count)
            let right = Double(inBin.filter(\.right).count) / Double(inBin.count)
            return (String(format: "%.1f-%.1f", low, high), inBin.count, confidence, right)
        }
    }

    /// Mean squared gap between confidence and outcome (0 is perfect).
    var brier: Double {
        points.isEmpty ? 0 : points.map { ($0.confidence - ($0.right ? 1 : 0)) * ($0.confidence - ($0.right ? 1 : 0)) }.reduce(0, +) / Double(points.count)
    }

    /// Expected calibration error: the bins' gaps between mean confidence and share right, weighted by their size.
    var ece: Double {
        points.isEmpty ? 0 : table.map { Double($0.count) * abs($0.confidence - $0.right) }.reduce(0, +) / Double(points.count)
    }
}
